package com.earnbase.redis.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisConnectionLostException;
import com.earnbase.redis.RedisOperationTimeoutException;
import com.earnbase.redis.RedisSerializationException;
import com.earnbase.redis.support.Arguments;
import com.earnbase.redis.support.Failures;
import com.earnbase.redis.support.RedisScript;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Cache} on Redis.
 * <p>
 * A key {@code user:1} is stored at {@code <prefix><namespace>:{user:1}} as a JSON envelope
 * {@code {"d":<compute ms>,"t":"<class>","v":<value>}}, or {@code {"d":..,"absent":true}} for a cached null, so
 * that falsy values are hits. A missing key is computed once per JVM (callers of one key share one future) and
 * once across JVMs: the computing caller holds an owner-checked lease {@code <value key>:lease} (SET NX PX with a
 * random token); the others wait for a notification on the channel {@code <prefix><namespace>:loaded}, polling
 * as a fallback, for at most the lease time, then compute themselves. Writing the value, releasing the lease and
 * notifying is one script. With early refresh on, a hit decides by XFetch ({@code -delta * beta * ln(rand) >= ttl
 * left}, with Redis's remaining TTL) whether to recompute in the background while the current value is returned.
 * <p>
 * When Redis cannot be reached (connection lost, command timed out), {@code getOrSet} calls the factory and returns
 * its value without caching it ({@link CacheFailurePolicy#COMPUTE}, the default) or throws
 * ({@link CacheFailurePolicy#FAIL}); either way it logs at WARN (at most once a second) and counts
 * {@code result=error}.
 */
public final class RedisCache implements Cache {

	private static final Logger logger = LoggerFactory.getLogger(RedisCache.class);

	private static final RedisScript READ = RedisScript.load(RedisCache.class, "read.lua", "cache.read");

	private static final RedisScript ACQUIRE = RedisScript.load(RedisCache.class, "acquire.lua", "cache.acquire");

	private static final RedisScript WRITE = RedisScript.load(RedisCache.class, "write.lua", "cache.write");

	private static final RedisScript RELEASE = RedisScript.load(RedisCache.class, "release.lua", "cache.release");

	/** Longest wait between two looks at a key another caller computes, in case a notification is lost. */
	private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	private final LettuceRedisClient client;

	private final RedisCacheOptions options;

	private final Executor executor;

	private final ObjectMapper mapper;

	private final ClassLoader classLoader;

	private final String keyPrefix;

	private final String channel;

	private final Duration defaultTtl;

	private final long pollNanos;

	/** The loads in progress in this JVM, by value key; every caller of a key joins the one there. */
	private final ConcurrentHashMap<String, CompletableFuture<Object>> loads = new ConcurrentHashMap<>();

	/** The keys refreshed early in the background right now. */
	private final ConcurrentHashMap.KeySetView<String, Boolean> refreshing = ConcurrentHashMap.newKeySet();

	/** Signals of the keys a caller waits for, completed by the notification that the key was written. */
	private final ConcurrentHashMap<String, CompletableFuture<Void>> signals = new ConcurrentHashMap<>();

	private final Metrics metrics;

	/** Most factories a cache's own loader pool runs at once; more wait in its queue. */
	public static final int LOADER_THREADS = 16;

	/** When the last "Redis unreachable" WARN was logged, so an outage does not flood the log. */
	private final AtomicLong lastUnreachableWarn = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(1));

	/**
	 * Creates a cache that runs asynchronous factories and early refreshes on a pool of its own (at most
	 * {@link #LOADER_THREADS} daemon threads, gone when idle), never on the common fork-join pool, which has a
	 * single thread on a two-core machine and would stall everything behind one blocking factory.
	 * @param client the client
	 * @param options the settings
	 */
	public RedisCache(LettuceRedisClient client, RedisCacheOptions options) {
		this(client, options, loaderPool());
	}

	private static Executor loaderPool() {
		AtomicInteger threads = new AtomicInteger();
		ThreadPoolExecutor pool = new ThreadPoolExecutor(LOADER_THREADS, LOADER_THREADS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task, "earnbase-cache-loader-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	/**
	 * Creates a cache and subscribes to its notification channel.
	 * @param client the client
	 * @param options the settings
	 * @param executor runs asynchronous factories and early refreshes
	 */
	public RedisCache(LettuceRedisClient client, RedisCacheOptions options, Executor executor) {
		this.client = Arguments.requireNonNull("client", client);
		this.options = Arguments.requireNonNull("options", options);
		this.executor = Arguments.requireNonNull("executor", executor);
		this.mapper = client.json().mapper();
		ClassLoader context = Thread.currentThread().getContextClassLoader();
		this.classLoader = (context != null) ? context : RedisCache.class.getClassLoader();
		this.keyPrefix = client.prefix() + options.namespace() + ":";
		this.channel = client.channel(options.namespace() + ":loaded");
		Duration ttl = options.ttl();
		if (ttl == null) {
			ttl = (client.defaultTtl() != null) ? client.defaultTtl() : RedisCacheOptions.FALLBACK_TTL;
		}
		this.defaultTtl = ttl;
		this.pollNanos = Math.max(MIN_POLL_NANOS, Math.min(MAX_POLL_NANOS, options.leaseTime().toNanos() / 10));
		this.metrics = (client.meterRegistry() != null) ? new Metrics(client.meterRegistry(), options.cacheName())
				: null;
		subscribe();
	}

	private void subscribe() {
		StatefulRedisPubSubConnection<String, String> connection = this.client.pubSubConnection();
		connection.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String channel, String message) {
				if (RedisCache.this.channel.equals(channel)) {
					CompletableFuture<Void> signal = RedisCache.this.signals.remove(message);
					if (signal != null) {
						signal.complete(null);
					}
				}
			}
		});
		this.client.await("cache.subscribe", connection.async().subscribe(this.channel));
	}

	/**
	 * The settings.
	 * @return the settings
	 */
	public RedisCacheOptions options() {
		return this.options;
	}

	/**
	 * The TTL of {@link #getOrSet(String, Class, Supplier)}: the configured one, else the client's, else
	 * {@link RedisCacheOptions#FALLBACK_TTL}.
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

	// --- Cache -------------------------------------------------------------------------------------------

	@Override
	public <T> T getOrSet(String key, Class<T> type, Supplier<T> factory) {
		return getOrSet(key, type, this.defaultTtl, factory);
	}

	@Override
	public <T> T getOrSet(String key, Class<T> type, Duration expire, Supplier<T> factory) {
		return cast(getOrSet(key, typed(this.client.json().type(type)), expire, factory));
	}

	@Override
	public <T> T getOrSet(String key, TypeReference<T> type, Duration expire, Supplier<T> factory) {
		return cast(getOrSet(key, typed(this.client.json().type(type)), expire, factory));
	}

	@Override
	public <T> CompletableFuture<T> getOrSetAsync(String key, Class<T> type, Duration expire,
			Supplier<CompletionStage<T>> factory) {
		return getOrSetAsync(key, typed(this.client.json().type(type)), expire, factory).thenApply(RedisCache::cast);
	}

	@Override
	public <T> Optional<T> get(String key, Class<T> type) {
		Reader reader = typed(this.client.json().type(type));
		Target target = new Target(redisKey(key));
		Hit hit = this.client.await("cache.get", read(target));
		count(hit != null);
		return (hit != null) ? Optional.ofNullable(cast(reader.read(target.valueKey, hit.envelope))) : Optional.empty();
	}

	@Override
	public void put(String key, Object value, Duration expire) {
		Target target = new Target(redisKey(key));
		Arguments.requirePositive("expire", expire);
		this.client.await("cache.put", write(target, value, 0L, expire, null));
	}

	@Override
	public boolean evict(String key) {
		String valueKey = redisKey(key);
		return this.client.await("cache.evict", this.client.commands().del(valueKey)) > 0;
	}

	// --- For adapters that do not know the value type (Spring Cache) -------------------------------------

	/**
	 * Like {@link #getOrSet(String, Class, Duration, Supplier)}, for callers that do not know the type: values are
	 * read as the class recorded when they were written, if {@code trustedTypes} accepts its name.
	 * @param key the key
	 * @param expire how long a computed value stays cached
	 * @param trustedTypes accepts the class names values may be read as
	 * @param factory computes the value
	 * @return the value, or null when "absent" is cached
	 */
	public Object getOrSetRecorded(String key, Duration expire, Predicate<String> trustedTypes,
			Supplier<?> factory) {
		return getOrSet(key, recorded(Arguments.requireNonNull("trustedTypes", trustedTypes)), expire, factory);
	}

	/**
	 * Looks a key up, telling a cached null from a miss; values are read as the class recorded when they were
	 * written, if {@code trustedTypes} accepts its name.
	 * @param key the key
	 * @param trustedTypes accepts the class names values may be read as
	 * @return the cached value, or null on a miss
	 */
	public CachedValue lookupRecorded(String key, Predicate<String> trustedTypes) {
		Reader reader = recorded(Arguments.requireNonNull("trustedTypes", trustedTypes));
		Target target = new Target(redisKey(key));
		Hit hit = this.client.await("cache.get", read(target));
		count(hit != null);
		return (hit != null) ? new CachedValue(reader.read(target.valueKey, hit.envelope)) : null;
	}

	/**
	 * The non-blocking {@link #getOrSetRecorded(String, Duration, Predicate, Supplier)}.
	 * @param key the key
	 * @param expire how long a computed value stays cached
	 * @param trustedTypes accepts the class names values may be read as
	 * @param factory starts computing the value; called on the cache's executor
	 * @return the value, or null when "absent" is cached
	 */
	public CompletableFuture<Object> getOrSetRecordedAsync(String key, Duration expire,
			Predicate<String> trustedTypes, Supplier<? extends CompletionStage<?>> factory) {
		return getOrSetAsync(key, recorded(Arguments.requireNonNull("trustedTypes", trustedTypes)), expire, factory);
	}

	/**
	 * The non-blocking {@link #lookupRecorded(String, Predicate)}.
	 * @param key the key
	 * @param trustedTypes accepts the class names values may be read as
	 * @return the cached value, or null on a miss
	 */
	public CompletableFuture<CachedValue> lookupRecordedAsync(String key, Predicate<String> trustedTypes) {
		Reader reader = recorded(Arguments.requireNonNull("trustedTypes", trustedTypes));
		Target target = new Target(redisKey(key));
		return onExecutor(read(target).thenApply((hit) -> {
			count(hit != null);
			return (hit != null) ? new CachedValue(reader.read(target.valueKey, hit.envelope)) : null;
		}));
	}

	/**
	 * Removes every key of this cache's namespace (SCAN and UNLINK, so it does not block Redis; keys written
	 * meanwhile may survive).
	 * @return how many keys were removed
	 */
	public long clear() {
		ScanArgs args = ScanArgs.Builder.matches(escapeGlob(this.keyPrefix) + "{*").limit(500);
		long removed = 0;
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			KeyScanCursor<String> page = this.client.await("cache.clear", this.client.commands().scan(cursor, args));
			List<String> keys = new ArrayList<>(page.getKeys());
			for (String key : keys) {
				removed += this.client.await("cache.clear", this.client.commands().unlink(key));
			}
			cursor = page;
		}
		while (!cursor.isFinished());
		return removed;
	}

	// --- the engine ----------------------------------------------------------------------------------------

	private Object getOrSet(String key, Reader reader, Duration expire, Supplier<?> factory) {
		Target target = new Target(redisKey(key));
		Arguments.requirePositive("expire", expire);
		Arguments.requireNonNull("factory", factory);
		// Runs the factory in the thread that calls it: the caller's on a miss, the executor's for an early refresh.
		Supplier<CompletionStage<Object>> load = () -> CompletableFuture.<Object>completedFuture(factory.get());
		Hit hit;
		try {
			hit = this.client.await("cache.get", read(target));
		}
		catch (RedisConnectionLostException | RedisOperationTimeoutException ex) {
			unreachable("cache.get", target, ex);
			return factory.get();
		}
		if (hit != null) {
			count(true);
			refreshEarly(target, hit, expire, load);
			return reader.read(target.valueKey, hit.envelope);
		}
		count(false);
		return join(load(target, reader, expire, load, false));
	}

	private CompletableFuture<Object> getOrSetAsync(String key, Reader reader, Duration expire,
			Supplier<? extends CompletionStage<?>> factory) {
		Target target = new Target(redisKey(key));
		Arguments.requirePositive("expire", expire);
		Arguments.requireNonNull("factory", factory);
		Supplier<CompletionStage<Object>> load = () -> {
			CompletionStage<?> stage = factory.get();
			if (stage == null) {
				throw new NullPointerException("factory returned null instead of a CompletionStage");
			}
			return stage.thenApply((value) -> value);
		};
		return onExecutor(read(target).handle((hit, error) -> {
			if (error != null) {
				unreachable("cache.get", target, error);
				return CompletableFuture.supplyAsync(load, this.executor).thenCompose((stage) -> stage);
			}
			if (hit != null) {
				count(true);
				refreshEarly(target, hit, expire, load);
				return CompletableFuture.completedFuture(reader.read(target.valueKey, hit.envelope));
			}
			count(false);
			return load(target, reader, expire, load, true);
		}).thenCompose((next) -> next));
	}

	/**
	 * Completes a future handed to callers on the cache's executor rather than on Lettuce's event loop: a caller's
	 * continuation that blocks on Redis (Spring's cache put after a {@code CompletableFuture} method, say) would
	 * otherwise wait on the very thread that has to read the reply.
	 */
	private <T> CompletableFuture<T> onExecutor(CompletableFuture<T> future) {
		return future.whenCompleteAsync((value, error) -> {
		}, this.executor);
	}

	/**
	 * Joins the load of a key in this JVM, or starts it: waits for the lease across JVMs, then either reads
	 * what another caller wrote or runs the factory and writes its result.
	 */
	private CompletableFuture<Object> load(Target target, Reader reader, Duration expire,
			Supplier<CompletionStage<Object>> factory, boolean factoryOnExecutor) {
		CompletableFuture<Object> mine = new CompletableFuture<>();
		CompletableFuture<Object> running = this.loads.putIfAbsent(target.valueKey, mine);
		if (running != null) {
			if (this.metrics != null) {
				this.metrics.coalesced.increment();
			}
			return running;
		}
		String token = UUID.randomUUID().toString();
		long deadline = System.nanoTime() + this.options.leaseTime().toNanos();
		CompletableFuture<Object> result;
		// Whatever fails, the shared future must complete, or later callers of the key would join it forever.
		try {
			CompletableFuture<Lease> lease = acquire(target, token, deadline).exceptionallyCompose((error) -> {
				unreachable("cache.acquire", target, error);
				return CompletableFuture.completedFuture(Lease.UNREACHABLE);
			});
			if (factoryOnExecutor) {
				result = lease.thenComposeAsync((acquired) -> compute(target, reader, expire, factory, acquired),
						this.executor);
			}
			else {
				// The blocking API runs the factory in the caller's thread (its transaction, its thread locals).
				result = compute(target, reader, expire, factory, lease.join());
			}
		}
		catch (Throwable ex) {
			result = CompletableFuture.failedFuture(Failures.unwrap(ex));
		}
		result.whenComplete((value, error) -> {
			// Removed first, so that a caller arriving now reads Redis instead of joining a finished load.
			this.loads.remove(target.valueKey, mine);
			if (error != null) {
				mine.completeExceptionally(Failures.unwrap(error));
			}
			else {
				mine.complete(value);
			}
		});
		return mine;
	}

	private CompletableFuture<Object> compute(Target target, Reader reader, Duration expire,
			Supplier<CompletionStage<Object>> factory, Lease lease) {
		if (lease.envelope != null) {
			return CompletableFuture.completedFuture(reader.read(target.valueKey, lease.envelope));
		}
		long start = System.nanoTime();
		CompletableFuture<Object> computed;
		try {
			computed = factory.get().toCompletableFuture();
		}
		catch (Throwable ex) {
			computed = CompletableFuture.failedFuture(ex);
		}
		return computed.handle((value, error) -> {
			long elapsed = System.nanoTime() - start;
			if (error != null) {
				recordLoad("error", elapsed);
				return failAfterRelease(target, lease, Failures.unwrap(error));
			}
			recordLoad((value != null) ? "success" : "absent", elapsed);
			if (lease == Lease.UNREACHABLE) {
				return CompletableFuture.completedFuture(value);
			}
			CompletableFuture<Long> write;
			try {
				write = write(target, value, TimeUnit.NANOSECONDS.toMillis(elapsed), expire, lease.token);
			}
			catch (RuntimeException ex) {
				// Not serializable or too large: a programming error the caller must see; the waiters take over.
				return failAfterRelease(target, lease, ex);
			}
			return write.handle((written, writeError) -> {
					if (writeError != null) {
						// The caller still gets the value it computed; the next caller computes again.
						logFailure("cache.write", "Cannot cache a computed value; the next caller computes again",
								target, writeError);
					}
					return value;
				});
		}).thenCompose((next) -> next);
	}

	/**
	 * Waits until the value is cached (a hit), this caller owns the lease, or the lease time has passed (then the
	 * caller computes without a lease).
	 */
	private CompletableFuture<Lease> acquire(Target target, String token, long deadline) {
		// Registered before looking, so that a notification sent after the look is not missed.
		CompletableFuture<Void> signal = this.signals.computeIfAbsent(target.valueKey,
				(k) -> new CompletableFuture<>());
		CompletableFuture<List<Object>> look = this.client.eval(ACQUIRE, ScriptOutputType.MULTI, target.keys, token,
				Long.toString(this.options.leaseTime().toMillis()));
		return look.thenCompose((reply) -> {
			long state = (Long) reply.get(0);
			if (state == 1) {
				this.signals.remove(target.valueKey, signal);
				return CompletableFuture.completedFuture(new Lease(null, envelope(target.valueKey, (String) reply.get(1))));
			}
			if (state == 2) {
				this.signals.remove(target.valueKey, signal);
				return CompletableFuture.completedFuture(new Lease(token, null));
			}
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				this.signals.remove(target.valueKey, signal);
				logger.atDebug()
					.addKeyValue("operation", "cache.load")
					.addKeyValue("outcome", "lease_wait_expired")
					.addKeyValue("key", target.valueKey)
					.log("Waited the lease time for another caller; computing without the lease");
				return CompletableFuture.completedFuture(new Lease(null, null));
			}
			return signal.copy()
				.completeOnTimeout(null, Math.min(this.pollNanos, remaining), TimeUnit.NANOSECONDS)
				.thenCompose((woken) -> acquire(target, token, deadline));
		});
	}

	/**
	 * Releases the lease (if this caller owns one) before failing, so that waiters can take over at once and the
	 * caller sees its failure only when nothing of its load is left in Redis.
	 */
	private CompletableFuture<Object> failAfterRelease(Target target, Lease lease, Throwable failure) {
		if (lease.token == null) {
			return CompletableFuture.failedFuture(failure);
		}
		return this.client.<Long>eval(RELEASE, ScriptOutputType.INTEGER, target.keys, lease.token, this.channel)
			.handle((released, error) -> {
				if (error != null) {
					logFailure("cache.release", "Cannot release a cache lease; it expires by itself", target, error);
				}
				return null;
			})
			.thenCompose((ignored) -> CompletableFuture.failedFuture(failure));
	}

	private CompletableFuture<Long> write(Target target, Object value, long computeMillis, Duration expire,
			String token) {
		String envelope;
		Duration ttl;
		if (value == null) {
			envelope = "{\"d\":" + computeMillis + ",\"absent\":true}";
			ttl = this.options.nullTtl();
		}
		else {
			String json = this.client.json().write("cache.write", target.valueKey, value);
			envelope = "{\"d\":" + computeMillis + ",\"t\":" + quote(value.getClass().getName()) + ",\"v\":" + json
					+ "}";
			ttl = expire;
		}
		this.client.checkValue(envelope);
		return this.client.eval(WRITE, ScriptOutputType.INTEGER, target.keys, envelope,
				Long.toString(ttl.toMillis()), (token != null) ? token : "", this.channel);
	}

	private CompletableFuture<Hit> read(Target target) {
		if (!this.options.earlyRefresh()) {
			return this.client.commands()
				.get(target.valueKey)
				.toCompletableFuture()
				.handle((text, error) -> {
					if (error != null) {
						throw this.client.translate("cache.get", error);
					}
					return (text != null) ? new Hit(envelope(target.valueKey, text), -1) : null;
				});
		}
		return this.client.<List<Object>>eval(READ, ScriptOutputType.MULTI, new String[] { target.valueKey })
			.thenApply((reply) -> (reply != null && !reply.isEmpty() && reply.get(0) != null)
					? new Hit(envelope(target.valueKey, (String) reply.get(0)), (Long) reply.get(1)) : null);
	}

	/**
	 * XFetch: recompute in the background when {@code -delta * beta * ln(rand) >= ttl left}, so that the chance
	 * grows as expiry nears and with the time the value takes to compute. One refresher per key: one per JVM
	 * by a local set, one across JVMs by the lease.
	 */
	private void refreshEarly(Target target, Hit hit, Duration expire, Supplier<CompletionStage<Object>> factory) {
		if (!this.options.earlyRefresh() || hit.ttlMillis < 0) {
			return;
		}
		long delta = hit.envelope.path("d").asLong(0);
		double random = 1.0 - ThreadLocalRandom.current().nextDouble(); // in (0, 1], so the logarithm is finite
		double gap = -delta * this.options.earlyRefreshBeta() * Math.log(random);
		if (gap < hit.ttlMillis || !this.refreshing.add(target.valueKey)) {
			return;
		}
		String token = UUID.randomUUID().toString();
		SetArgs nx = SetArgs.Builder.nx().px(this.options.leaseTime().toMillis());
		this.client.commands()
			.set(target.leaseKey, token, nx)
			.toCompletableFuture()
			.thenComposeAsync((ok) -> "OK".equals(ok)
					? compute(target, (key, envelope) -> null, expire, factory, new Lease(token, null))
					: CompletableFuture.completedFuture(null), this.executor)
			.whenComplete((value, error) -> {
				this.refreshing.remove(target.valueKey);
				if (error != null) {
					logFailure("cache.refresh", "Early refresh failed; the current value stays until it expires",
							target, error);
				}
			});
	}

	// --- reading stored values -------------------------------------------------------------------------

	private JsonNode envelope(String valueKey, String text) {
		try {
			JsonNode node = this.mapper.readTree(text);
			if (node == null || !node.isObject() || !(node.has("v") || node.has("absent"))) {
				throw new RedisSerializationException("cache.get",
						"the value of key '" + valueKey + "' is not a cache entry", null);
			}
			return node;
		}
		catch (JsonProcessingException ex) {
			throw new RedisSerializationException("cache.get",
					"the value of key '" + valueKey + "' is not a cache entry: " + ex.getClass().getSimpleName(), null);
		}
	}

	private Reader typed(JavaType type) {
		return (valueKey, envelope) -> value(valueKey, envelope, type);
	}

	private Reader recorded(Predicate<String> trustedTypes) {
		return (valueKey, envelope) -> {
			if (!envelope.has("v")) {
				return null;
			}
			String name = envelope.path("t").asText("");
			if (name.isEmpty() || !trustedTypes.test(name)) {
				throw new RedisSerializationException("cache.get", "the value of key '" + valueKey + "' has type '"
						+ name + "', which is not trusted (earnbase.redis.cache.trusted-packages)", null);
			}
			try {
				return value(valueKey, envelope, this.mapper.constructType(Class.forName(name, false, this.classLoader)));
			}
			catch (ClassNotFoundException ex) {
				throw new RedisSerializationException("cache.get",
						"the value of key '" + valueKey + "' has unknown type '" + name + "'", null);
			}
		};
	}

	private Object value(String valueKey, JsonNode envelope, JavaType type) {
		JsonNode value = envelope.get("v");
		if (value == null || value.isNull()) {
			return null;
		}
		try {
			return this.mapper.readerFor(type).readValue(value);
		}
		catch (java.io.IOException ex) {
			throw new RedisSerializationException("cache.get", "the value of key '" + valueKey
					+ "' is not JSON of type " + type.toCanonical() + ": " + ex.getClass().getSimpleName(), null);
		}
	}

	private String quote(String text) {
		try {
			return this.mapper.writeValueAsString(text);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// --- helpers -------------------------------------------------------------------------------------------

	/**
	 * Handles a failure on the way to a value: a Redis outage is counted, logged, and (with
	 * {@link CacheFailurePolicy#COMPUTE}) swallowed so that the caller computes; anything else, or an outage with
	 * {@link CacheFailurePolicy#FAIL}, is rethrown as it was.
	 */
	private void unreachable(String operation, Target target, Throwable error) {
		Throwable cause = Failures.unwrap(error);
		if (!(cause instanceof RedisConnectionLostException || cause instanceof RedisOperationTimeoutException)) {
			throw RedisCache.<RuntimeException>sneaky(cause);
		}
		if (this.metrics != null) {
			this.metrics.errors.increment();
		}
		boolean compute = this.options.onFailure() == CacheFailurePolicy.COMPUTE;
		long now = System.nanoTime();
		long last = this.lastUnreachableWarn.get();
		if (now - last >= TimeUnit.SECONDS.toNanos(1) && this.lastUnreachableWarn.compareAndSet(last, now)) {
			logger.atWarn()
				.addKeyValue("operation", operation)
				.addKeyValue("outcome", compute ? "computed_uncached" : "error")
				.addKeyValue("error", cause.getClass().getName())
				.log(compute ? "Redis unreachable; computing values without the cache" : "Redis unreachable");
		}
		logger.atDebug().addKeyValue("operation", operation).addKeyValue("key", target.valueKey).setCause(cause)
			.log("Redis unreachable for a cache lookup");
		if (!compute) {
			throw RedisCache.<RuntimeException>sneaky(cause);
		}
	}

	private void count(boolean hit) {
		if (this.metrics != null) {
			(hit ? this.metrics.hits : this.metrics.misses).increment();
		}
	}

	private void recordLoad(String outcome, long nanos) {
		if (this.metrics != null) {
			this.metrics.load(outcome).record(nanos, TimeUnit.NANOSECONDS);
		}
	}

	private static String escapeGlob(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	/** Logs a background failure: the error type at WARN, the key and message (which may name the key) at DEBUG. */
	private static void logFailure(String operation, String message, Target target, Throwable error) {
		Throwable cause = Failures.unwrap(error);
		logger.atWarn()
			.addKeyValue("operation", operation)
			.addKeyValue("outcome", "error")
			.addKeyValue("error", cause.getClass().getName())
			.log(message);
		logger.atDebug()
			.addKeyValue("operation", operation)
			.addKeyValue("key", target.valueKey)
			.setCause(cause)
			.log(message);
	}

	@SuppressWarnings("unchecked")
	private static <T> T cast(Object value) {
		return (T) value;
	}

	/** Waits for a load and rethrows its failure as it was thrown, the factory's own exception included. */
	private static Object join(CompletableFuture<Object> load) {
		try {
			return load.join();
		}
		catch (CompletionException ex) {
			throw RedisCache.<RuntimeException>sneaky(Failures.unwrap(ex));
		}
	}

	@SuppressWarnings("unchecked")
	private static <E extends Throwable> E sneaky(Throwable error) throws E {
		throw (E) error;
	}

	/** Reads a value out of a stored envelope. */
	@FunctionalInterface
	private interface Reader {

		Object read(String valueKey, JsonNode envelope);

	}

	/** The keys of one cache key; both in one hash slot. */
	private static final class Target {

		final String valueKey;

		final String leaseKey;

		final String[] keys;

		Target(String valueKey) {
			this.valueKey = valueKey;
			this.leaseKey = valueKey + ":lease";
			this.keys = new String[] { this.valueKey, this.leaseKey };
		}

	}

	/** A cached envelope and its remaining TTL in ms (-1 when not read). */
	private record Hit(JsonNode envelope, long ttlMillis) {
	}

	/**
	 * The outcome of waiting for a key: the stored envelope when it appeared, else the lease token when this
	 * caller owns it, else neither (the wait expired).
	 */
	private record Lease(String token, JsonNode envelope) {

		/** Redis could not be reached: compute without a lease and do not try to write. */
		static final Lease UNREACHABLE = new Lease(null, null);

	}

	/** The meters of one cache. */
	private static final class Metrics {

		final Counter hits;

		final Counter misses;

		final Counter coalesced;

		final Counter errors;

		final Timer success;

		final Timer absent;

		final Timer error;

		Metrics(MeterRegistry registry, String cacheName) {
			Tags tags = (cacheName != null) ? Tags.of("cache", cacheName) : Tags.empty();
			this.hits = Counter.builder("earnbase.redis.cache.requests").tags(tags).tag("result", "hit")
				.description("Cache lookups").register(registry);
			this.misses = Counter.builder("earnbase.redis.cache.requests").tags(tags).tag("result", "miss")
				.description("Cache lookups").register(registry);
			this.errors = Counter.builder("earnbase.redis.cache.requests").tags(tags).tag("result", "error")
				.description("Cache lookups").register(registry);
			this.coalesced = Counter.builder("earnbase.redis.cache.coalesced").tags(tags)
				.description("Callers that waited for another caller's load in this JVM").register(registry);
			this.success = timer(registry, tags, "success");
			this.absent = timer(registry, tags, "absent");
			this.error = timer(registry, tags, "error");
		}

		private static Timer timer(MeterRegistry registry, Tags tags, String outcome) {
			return Timer.builder("earnbase.redis.cache.load").tags(tags).tag("outcome", outcome)
				.description("Factory calls that computed a missing value").register(registry);
		}

		Timer load(String outcome) {
			return switch (outcome) {
				case "success" -> this.success;
				case "absent" -> this.absent;
				default -> this.error;
			};
		}

	}

}
