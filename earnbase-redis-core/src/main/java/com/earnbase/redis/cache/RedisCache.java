package com.earnbase.redis.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.JsonType;
import com.earnbase.redis.cache.CacheEnvelope.Reader;
import com.earnbase.redis.cache.CacheEnvelope.Stored;
import com.earnbase.redis.support.Arguments;
import com.earnbase.redis.support.ChannelHub;
import com.earnbase.redis.support.DaemonThreads;
import com.earnbase.redis.support.Globs;
import com.earnbase.redis.support.PrimitiveSupport;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * The {@link Cache} on Redis.
 * <p>
 * A key {@code user:1} is stored at {@code <prefix><namespace>:{user:1}} as a JSON
 * envelope {@code {"d":<compute ms>,"t":"<class>","v":<value>}}, or
 * {@code {"d":..,"absent":true}} for a cached null, so that falsy values are hits. A
 * missing key is computed once per JVM (callers of one key share one future) and once
 * across JVMs: the computing caller holds an owner-checked lease
 * {@code <value key>:lease} (SET NX PX with a random token); the others wait for a
 * notification on the channel {@code <prefix><namespace>:loaded}, polling as a fallback,
 * for at most the lease time, then compute themselves. Writing the value, releasing the
 * lease and notifying is one script. With early refresh on, a hit decides by XFetch
 * ({@code -delta * beta * ln(rand) >= ttl
 * left}, with Redis's remaining TTL) whether to recompute in the background while the
 * current value is returned.
 * <p>
 * When Redis cannot be reached (connection lost, command timed out), {@code getOrSet}
 * calls the factory and returns its value without caching it
 * ({@link CacheFailurePolicy#COMPUTE}, the default) or throws
 * ({@link CacheFailurePolicy#FAIL}); either way it logs at WARN (at most once a second)
 * and counts {@code result=error}.
 * <p>
 * {@link #close()} stops listening for notifications and shuts down the cache's own
 * loader pool; it never closes the client.
 */
public final class RedisCache implements Cache, AutoCloseable {

	/** Most factories a cache's own loader pool runs at once; more wait in its queue. */
	public static final int LOADER_THREADS = 16;

	private final PrimitiveSupport client;

	private final RedisCacheOptions options;

	private final ExecutorService ownPool;

	private final String keyPrefix;

	private final Duration defaultTtl;

	private final CacheEnvelope envelopes;

	private final CacheLoads loads;

	private final ChannelHub.Registration notifications;

	/** The local copies, or null without a near cache. */
	private final NearCache near;

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * Creates a cache that runs asynchronous factories and early refreshes on a pool of
	 * its own (at most {@link #LOADER_THREADS} daemon threads, gone when idle), never on
	 * the common fork-join pool, which has a single thread on a two-core machine and
	 * would stall everything behind one blocking factory. {@link #close()} shuts the pool
	 * down.
	 * @param client a client from {@link RedisClient#connect(String)} or
	 * {@link RedisClient#builder()}
	 * @param options the settings
	 * @throws IllegalArgumentException when the client was not built by this library
	 */
	public RedisCache(RedisClient client, RedisCacheOptions options) {
		this(PrimitiveSupport.of(client), options, loaderPool(), true);
	}

	/**
	 * Creates a cache and subscribes to its notification channel.
	 * @param client a client from {@link RedisClient#connect(String)} or
	 * {@link RedisClient#builder()}
	 * @param options the settings
	 * @param executor runs asynchronous factories and early refreshes; the caller shuts
	 * it down
	 * @throws IllegalArgumentException when the client was not built by this library
	 */
	public RedisCache(RedisClient client, RedisCacheOptions options, Executor executor) {
		this(PrimitiveSupport.of(client), options, executor, false);
	}

	private RedisCache(PrimitiveSupport client, RedisCacheOptions options, Executor executor, boolean ownsExecutor) {
		this.client = client;
		this.options = Arguments.requireNonNull("options", options);
		Arguments.requireNonNull("executor", executor);
		this.ownPool = ownsExecutor ? (ExecutorService) executor : null;
		ClassLoader context = Thread.currentThread().getContextClassLoader();
		this.envelopes = new CacheEnvelope(client.json(),
				(context != null) ? context : RedisCache.class.getClassLoader());
		this.keyPrefix = client.prefix() + options.namespace() + ":";
		Duration ttl = options.ttl();
		if (ttl == null) {
			ttl = (client.defaultTtl() != null) ? client.defaultTtl() : RedisCacheOptions.FALLBACK_TTL;
		}
		this.defaultTtl = ttl;
		String channel = client.channel(options.namespace() + ":loaded");
		CacheMetrics metrics = new CacheMetrics(client.meterRegistry(), options.cacheName());
		this.near = options.nearCache().enabled()
				? new NearCache(client, this.keyPrefix, options.nearCache(), client.meterRegistry(), metrics.tags())
				: null;
		this.loads = new CacheLoads(client, options, this.envelopes, metrics, executor, channel, this.near);
		ChannelHub.Registration registration = null;
		try {
			registration = client.channels()
				.subscribe(ChannelHub.Kind.CHANNEL, channel, (received, valueKey) -> this.loads.signal(valueKey));
			this.client.awaitSubscription("cache.subscribe", registration.confirmed());
		}
		catch (RuntimeException ex) {
			if (registration != null) {
				registration.close();
			}
			if (this.near != null) {
				this.near.close();
			}
			if (this.ownPool != null) {
				this.ownPool.shutdown();
			}
			throw ex;
		}
		this.notifications = registration;
	}

	private static ExecutorService loaderPool() {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(LOADER_THREADS, LOADER_THREADS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), DaemonThreads.numbered("earnbase-cache-loader-"));
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	/**
	 * The settings.
	 * @return the settings
	 */
	public RedisCacheOptions options() {
		return this.options;
	}

	/**
	 * The TTL of {@link #getOrSet(String, Class, Supplier)}: the configured one, else the
	 * client's, else {@link RedisCacheOptions#FALLBACK_TTL}.
	 * @return the TTL
	 */
	public Duration defaultTtl() {
		return this.defaultTtl;
	}

	/**
	 * The Redis key a cache key is stored at.
	 * @param key the cache key
	 * @return the Redis key, prefix and namespace included
	 */
	public String redisKey(String key) {
		Arguments.requireText("key", key);
		return this.keyPrefix + "{" + key + "}";
	}

	/**
	 * Whether the near cache serves local copies now: it is enabled and Redis reports
	 * every change of this cache's keys. False without a near cache, and while tracking
	 * is being set up again after a loss (reads then go to Redis).
	 * @return true while local copies are served
	 */
	public boolean nearCacheActive() {
		return this.near != null && !this.closed.get() && this.near.isActive();
	}

	// --- Cache
	// -------------------------------------------------------------------------------------------

	@Override
	public <T> T getOrSet(String key, Class<T> type, Supplier<T> factory) {
		return getOrSet(key, type, this.defaultTtl, factory);
	}

	@Override
	public <T> T getOrSet(String key, Class<T> type, Duration expire, Supplier<T> factory) {
		return cast(getOrSet(key, typed(JsonType.of(type)), expire, factory));
	}

	@Override
	public <T> T getOrSet(String key, JsonType<T> type, Duration expire, Supplier<T> factory) {
		return cast(getOrSet(key, typed(type), expire, factory));
	}

	@Override
	public <T> CompletableFuture<T> getOrSetAsync(String key, Class<T> type, Duration expire,
			Supplier<CompletionStage<T>> factory) {
		return getOrSetAsync(key, JsonType.of(type), expire, factory);
	}

	@Override
	public <T> CompletableFuture<T> getOrSetAsync(String key, JsonType<T> type, Duration expire,
			Supplier<CompletionStage<T>> factory) {
		return getOrSetAsync(key, typed(type), expire, factory).thenApply(RedisCache::cast);
	}

	@Override
	public <T> Optional<T> get(String key, Class<T> type) {
		Reader reader = typed(JsonType.of(type));
		CachedValue cached = this.client.await("cache.get", this.loads.lookup(valueKey(key), reader));
		return (cached != null) ? Optional.ofNullable(cast(cached.value())) : Optional.empty();
	}

	@Override
	public void put(String key, Object value, Duration expire) {
		String valueKey = valueKey(key);
		Arguments.requirePositive("expire", expire);
		this.client.await("cache.put", this.loads.put(valueKey, value, expire));
	}

	@Override
	public boolean evict(String key) {
		String valueKey = valueKey(key);
		Long removed = this.client.await("cache.evict", this.loads.fenced(valueKey,
				() -> this.client.call("cache.evict", (commands) -> commands.del(valueKey))));
		return removed > 0;
	}

	// --- For adapters that do not know the value type (Spring Cache)
	// -------------------------------------

	/**
	 * Like {@link #getOrSet(String, Class, Duration, Supplier)}, for callers that do not
	 * know the type: values are read as the class recorded when they were written, if
	 * {@code trustedTypes} accepts its name.
	 * @param key the key
	 * @param expire how long a computed value stays cached
	 * @param trustedTypes accepts the class names values may be read as
	 * @param factory computes the value
	 * @return the value, or null when "absent" is cached
	 */
	public Object getOrSetRecorded(String key, Duration expire, Predicate<String> trustedTypes, Supplier<?> factory) {
		return getOrSet(key, recorded(trustedTypes), expire, factory);
	}

	/**
	 * Looks a key up, telling a cached null from a miss; values are read as the class
	 * recorded when they were written, if {@code trustedTypes} accepts its name.
	 * @param key the key
	 * @param trustedTypes accepts the class names values may be read as
	 * @return the cached value, or null on a miss
	 */
	public CachedValue lookupRecorded(String key, Predicate<String> trustedTypes) {
		Reader reader = recorded(trustedTypes);
		return this.client.await("cache.get", this.loads.lookup(valueKey(key), reader));
	}

	/**
	 * Stores a value unless the key already has one, atomically across threads and
	 * instances and in one round trip (a script: GET, then SET PX and the load
	 * notification only when the key is missing). The envelope is the one
	 * {@link #put(String, Object, Duration)} writes.
	 * @param key the key
	 * @param value the value, or null to cache "absent" (for the null TTL)
	 * @param expire how long the value stays cached
	 * @param trustedTypes accepts the class names an existing value may be read as
	 * @return the value already cached (read as the class recorded when it was written),
	 * or null when this call stored the value
	 */
	public CachedValue putIfAbsentRecorded(String key, Object value, Duration expire, Predicate<String> trustedTypes) {
		String valueKey = valueKey(key);
		Arguments.requirePositive("expire", expire);
		Reader reader = recorded(trustedTypes);
		Stored existing = this.client.await("cache.put-if-absent", this.loads.putIfAbsent(valueKey, value, expire));
		return (existing != null) ? new CachedValue(reader.read(valueKey, existing)) : null;
	}

	/**
	 * The non-blocking {@link #getOrSetRecorded(String, Duration, Predicate, Supplier)}.
	 * @param key the key
	 * @param expire how long a computed value stays cached
	 * @param trustedTypes accepts the class names values may be read as
	 * @param factory starts computing the value; called on the cache's executor
	 * @return the value, or null when "absent" is cached
	 */
	public CompletableFuture<Object> getOrSetRecordedAsync(String key, Duration expire, Predicate<String> trustedTypes,
			Supplier<? extends CompletionStage<?>> factory) {
		return getOrSetAsync(key, recorded(trustedTypes), expire, factory);
	}

	/**
	 * The non-blocking {@link #lookupRecorded(String, Predicate)}.
	 * @param key the key
	 * @param trustedTypes accepts the class names values may be read as
	 * @return the cached value, or null on a miss
	 */
	public CompletableFuture<CachedValue> lookupRecordedAsync(String key, Predicate<String> trustedTypes) {
		Reader reader = recorded(trustedTypes);
		return this.loads.onExecutor(this.loads.lookup(valueKey(key), reader));
	}

	/**
	 * Removes every key of this cache's namespace (SCAN and UNLINK, so it does not block
	 * Redis; keys written meanwhile may survive).
	 * @return how many keys were removed
	 */
	public long clear() {
		ensureOpen();
		this.loads.dropLocalCopies();
		ScanArgs args = ScanArgs.Builder.matches(Globs.escape(this.keyPrefix) + "{*").limit(500);
		long removed = 0;
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			ScanCursor from = cursor;
			KeyScanCursor<String> page = command("cache.clear", (commands) -> commands.scan(from, args));
			for (String key : page.getKeys()) {
				removed += this.<Long>command("cache.clear", (commands) -> commands.unlink(key));
			}
			cursor = page;
		}
		while (!cursor.isFinished());
		// Copies read while the keys were removed.
		this.loads.dropLocalCopies();
		return removed;
	}

	/**
	 * Stops listening for the notifications of other instances' loads and shuts down the
	 * loader pool the cache created (loads already started finish); an executor given to
	 * the constructor is left running, and the client is never closed. Later calls fail
	 * with {@link IllegalStateException}. Idempotent.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.notifications.close();
		if (this.near != null) {
			this.near.close();
		}
		if (this.ownPool != null) {
			this.ownPool.shutdown();
		}
	}

	@Override
	public String toString() {
		return "RedisCache[namespace='" + this.options.namespace() + "']";
	}

	// --- helpers
	// -------------------------------------------------------------------------------------------

	private Object getOrSet(String key, Reader reader, Duration expire, Supplier<?> factory) {
		String valueKey = valueKey(key);
		Arguments.requirePositive("expire", expire);
		Arguments.requireNonNull("factory", factory);
		return this.loads.getOrSet(valueKey, reader, expire, factory);
	}

	private CompletableFuture<Object> getOrSetAsync(String key, Reader reader, Duration expire,
			Supplier<? extends CompletionStage<?>> factory) {
		String valueKey = valueKey(key);
		Arguments.requirePositive("expire", expire);
		Arguments.requireNonNull("factory", factory);
		return this.loads.getOrSetAsync(valueKey, reader, expire, factory);
	}

	private Reader typed(JsonType<?> type) {
		return this.envelopes.typed(Arguments.requireNonNull("type", type));
	}

	private Reader recorded(Predicate<String> trustedTypes) {
		return this.envelopes.recorded(Arguments.requireNonNull("trustedTypes", trustedTypes));
	}

	/** The Redis key of a cache key, once the cache is known to be open. */
	private String valueKey(String key) {
		ensureOpen();
		return redisKey(key);
	}

	/** Runs a plain command, timed under {@code operation}, and waits for it. */
	private <T> T command(String operation,
			Function<RedisClusterAsyncCommands<String, String>, ? extends CompletionStage<T>> command) {
		return this.client.await(operation, this.client.call(operation, command));
	}

	private void ensureOpen() {
		if (this.closed.get()) {
			throw new IllegalStateException("Cache is closed");
		}
	}

	@SuppressWarnings("unchecked")
	private static <T> T cast(Object value) {
		return (T) value;
	}

}
