package com.earnbase.redis.cache;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.earnbase.redis.RedisConnectionLostException;
import com.earnbase.redis.RedisOperationTimeoutException;
import com.earnbase.redis.RedisQueueFullException;
import com.earnbase.redis.cache.CacheEnvelope.Reader;
import com.earnbase.redis.cache.CacheEnvelope.Stored;
import com.earnbase.redis.cache.CacheLeases.Lease;
import com.earnbase.redis.support.Failures;
import com.earnbase.redis.support.PrimitiveSupport;
import com.earnbase.redis.support.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;

import static com.earnbase.redis.cache.CacheLoadFailures.join;
import static com.earnbase.redis.cache.CacheLoadFailures.logFailure;

/**
 * Computes a missing key once per JVM and once across JVMs, and refreshes hits early: the
 * stampede protocol that {@link RedisCache} and the README's "Cache" section
 * ("Guarantees") describe. Waiters are woken by {@link #signal(String)}.
 */
final class CacheLoads {

	private static final RedisScript READ = RedisScript.load(CacheLoads.class, "read.lua", "cache.read");

	private static final RedisScript WRITE = RedisScript.load(CacheLoads.class, "write.lua", "cache.write");

	private static final RedisScript RELEASE = RedisScript.load(CacheLoads.class, "release.lua", "cache.release");

	private static final RedisScript PUT_IF_ABSENT = RedisScript.load(CacheLoads.class, "put-if-absent.lua",
			"cache.put-if-absent");

	private final PrimitiveSupport client;

	private final RedisCacheOptions options;

	private final CacheEnvelope envelopes;

	private final CacheMetrics metrics;

	private final Executor executor;

	private final String channel;

	private final CacheLeases leases;

	private final CacheLoadFailures failures;

	/** The local copies, or null without a near cache. */
	private final NearCache near;

	/**
	 * The loads in progress in this JVM, by value key; every caller of a key joins the
	 * one there.
	 */
	private final ConcurrentHashMap<String, CompletableFuture<Object>> loads = new ConcurrentHashMap<>();

	/** The keys refreshed early in the background right now. */
	private final ConcurrentHashMap.KeySetView<String, Boolean> refreshing = ConcurrentHashMap.newKeySet();

	CacheLoads(PrimitiveSupport client, RedisCacheOptions options, CacheEnvelope envelopes, CacheMetrics metrics,
			Executor executor, String channel, NearCache near) {
		this.client = client;
		this.options = options;
		this.envelopes = envelopes;
		this.metrics = metrics;
		this.executor = executor;
		this.channel = channel;
		this.leases = new CacheLeases(client, options, envelopes);
		this.failures = new CacheLoadFailures(options, metrics);
		this.near = near;
	}

	/**
	 * Wakes the callers waiting for a key; called for each notification on the cache's
	 * channel.
	 * @param valueKey the key that was written, as the notification names it
	 */
	void signal(String valueKey) {
		this.leases.signal(valueKey);
	}

	/**
	 * Reads a key without loading it, counting a hit or miss.
	 * @param valueKey the Redis key
	 * @param reader reads the value out of the envelope
	 * @return the cached value, or null on a miss
	 */
	CompletableFuture<CachedValue> lookup(String valueKey, Reader reader) {
		NearCache.Copy copy = nearHit(valueKey);
		if (copy != null) {
			return CompletableFuture.completedFuture(new CachedValue(copy.read(valueKey, reader)));
		}
		Target target = new Target(valueKey);
		return read(target).thenApply((hit) -> {
			this.metrics.lookup(hit != null);
			return (hit != null) ? new CachedValue(reader.read(valueKey, hit.envelope())) : null;
		});
	}

	/**
	 * Writes a value without a lease and notifies the waiters.
	 * @param valueKey the Redis key
	 * @param value the value, or null for "absent"
	 * @param expire the TTL of a value (a null has the null TTL)
	 * @return the script's completion
	 */
	CompletableFuture<Long> put(String valueKey, Object value, Duration expire) {
		return write(new Target(valueKey), value, 0L, expire, null);
	}

	/**
	 * Runs a write or delete of a key of this client: its local copy is dropped and no
	 * read of the key is kept until the write returned.
	 * @param <T> the result type
	 * @param valueKey the Redis key written
	 * @param write sends the write
	 * @return the write's completion
	 */
	<T> CompletableFuture<T> fenced(String valueKey, Supplier<CompletableFuture<T>> write) {
		if (this.near == null) {
			return write.get();
		}
		NearCache.Ticket fence = this.near.fence(valueKey);
		CompletableFuture<T> sent;
		try {
			sent = write.get();
		}
		catch (RuntimeException ex) {
			this.near.unfence(valueKey, fence);
			throw ex;
		}
		return sent.whenComplete((result, error) -> this.near.unfence(valueKey, fence));
	}

	/** Drops every local copy: this client cleared the cache. */
	void dropLocalCopies() {
		if (this.near != null) {
			this.near.dropAll();
		}
	}

	/** The local copy of a key, counted as a near hit; null without one. */
	private NearCache.Copy nearHit(String valueKey) {
		NearCache.Copy copy = (this.near != null) ? this.near.copy(valueKey) : null;
		if (copy != null) {
			this.metrics.nearHit();
		}
		return copy;
	}

	/**
	 * Writes a value only when the key has none, and notifies the waiters when it did;
	 * atomic across callers and instances.
	 * @param valueKey the Redis key
	 * @param value the value, or null for "absent"
	 * @param expire the TTL of a value (a null has the null TTL)
	 * @return the envelope already stored, or null when this call stored the value
	 */
	CompletableFuture<Stored> putIfAbsent(String valueKey, Object value, Duration expire) {
		String envelope = envelope(valueKey, value, 0L);
		return fenced(valueKey,
				() -> this.client.<String>eval(PUT_IF_ABSENT, ScriptOutputType.VALUE, new String[] { valueKey },
						envelope, ttlMillis(value, expire), this.channel))
			.thenApply((existing) -> (existing != null) ? this.envelopes.parse(valueKey, existing) : null);
	}

	/**
	 * The blocking get-or-compute: runs the factory in the caller's thread (its
	 * transaction, its thread locals).
	 * @param valueKey the Redis key
	 * @param reader reads the value out of the envelope
	 * @param expire how long a computed value stays cached
	 * @param factory computes the value
	 * @return the value
	 */
	Object getOrSet(String valueKey, Reader reader, Duration expire, Supplier<?> factory) {
		// Runs the factory in the thread that calls it: the caller's on a miss, the
		// executor's for an early refresh.
		Supplier<CompletionStage<Object>> load = () -> CompletableFuture.<Object>completedFuture(factory.get());
		NearCache.Copy copy = nearHit(valueKey);
		if (copy != null) {
			refreshEarly(valueKey, copy, expire, load);
			return copy.read(valueKey, reader);
		}
		Target target = new Target(valueKey);
		Hit hit;
		try {
			hit = this.client.await("cache.get", read(target));
		}
		catch (RedisConnectionLostException | RedisOperationTimeoutException | RedisQueueFullException ex) {
			this.failures.unreachable("cache.get", target, ex);
			return factory.get();
		}
		if (hit != null) {
			this.metrics.lookup(true);
			refreshEarly(target, hit, expire, load);
			return reader.read(valueKey, hit.envelope());
		}
		this.metrics.lookup(false);
		return join(load(target, reader, expire, load, false));
	}

	/**
	 * The non-blocking get-or-compute: starts the factory on the executor.
	 * @param valueKey the Redis key
	 * @param reader reads the value out of the envelope
	 * @param expire how long a computed value stays cached
	 * @param factory starts computing the value
	 * @return the value, completed on the executor
	 */
	CompletableFuture<Object> getOrSetAsync(String valueKey, Reader reader, Duration expire,
			Supplier<? extends CompletionStage<?>> factory) {
		Target target = new Target(valueKey);
		Supplier<CompletionStage<Object>> load = () -> {
			CompletionStage<?> stage = factory.get();
			if (stage == null) {
				throw new NullPointerException("factory returned null instead of a CompletionStage");
			}
			return stage.thenApply((value) -> value);
		};
		NearCache.Copy copy = nearHit(valueKey);
		if (copy != null) {
			refreshEarly(valueKey, copy, expire, load);
			return CompletableFuture.completedFuture(copy.read(valueKey, reader));
		}
		return onExecutor(read(target).handle((hit, error) -> {
			if (error != null) {
				this.failures.unreachable("cache.get", target, error);
				return CompletableFuture.supplyAsync(load, this.executor).thenCompose((stage) -> stage);
			}
			if (hit != null) {
				this.metrics.lookup(true);
				refreshEarly(target, hit, expire, load);
				return CompletableFuture.completedFuture(reader.read(valueKey, hit.envelope()));
			}
			this.metrics.lookup(false);
			return load(target, reader, expire, load, true);
		}).thenCompose((next) -> next));
	}

	/**
	 * Completes a future handed to callers on the cache's executor rather than on
	 * Lettuce's event loop: a caller's continuation that blocks on Redis (Spring's cache
	 * put after a {@code CompletableFuture} method, say) would otherwise wait on the very
	 * thread that has to read the reply.
	 */
	<T> CompletableFuture<T> onExecutor(CompletableFuture<T> future) {
		return future.whenCompleteAsync((value, error) -> {
		}, this.executor);
	}

	/**
	 * Joins the load of a key in this JVM, or starts it: waits for the lease across JVMs,
	 * then either reads what another caller wrote or runs the factory and writes its
	 * result.
	 */
	private CompletableFuture<Object> load(Target target, Reader reader, Duration expire,
			Supplier<CompletionStage<Object>> factory, boolean factoryOnExecutor) {
		CompletableFuture<Object> mine = new CompletableFuture<>();
		CompletableFuture<Object> running = this.loads.putIfAbsent(target.valueKey(), mine);
		if (running != null) {
			this.metrics.coalesced();
			return running;
		}
		String token = UUID.randomUUID().toString();
		long deadline = System.nanoTime() + this.options.leaseTime().toNanos();
		CompletableFuture<Object> result;
		// Whatever fails, the shared future must complete, or later callers of the key
		// would join it forever.
		try {
			CompletableFuture<Lease> lease = this.leases.acquire(target, token, deadline)
				.exceptionallyCompose((error) -> {
					this.failures.unreachable("cache.acquire", target, error);
					return CompletableFuture.completedFuture(Lease.UNREACHABLE);
				});
			if (factoryOnExecutor) {
				result = lease.thenComposeAsync((acquired) -> compute(target, reader, expire, factory, acquired),
						this.executor);
			}
			else {
				// The blocking API runs the factory in the caller's thread (its
				// transaction, its thread locals).
				result = compute(target, reader, expire, factory, lease.join());
			}
		}
		catch (Throwable ex) {
			result = CompletableFuture.failedFuture(Failures.unwrap(ex));
		}
		result.whenComplete((value, error) -> {
			// Removed first, so that a caller arriving now reads Redis instead of joining
			// a finished load.
			this.loads.remove(target.valueKey(), mine);
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
		if (lease.envelope() != null) {
			return CompletableFuture.completedFuture(reader.read(target.valueKey(), lease.envelope()));
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
				this.metrics.load("error", elapsed);
				return failAfterRelease(target, lease, Failures.unwrap(error));
			}
			this.metrics.load((value != null) ? "success" : "absent", elapsed);
			if (lease == Lease.UNREACHABLE) {
				return CompletableFuture.completedFuture(value);
			}
			CompletableFuture<Long> write;
			try {
				write = write(target, value, TimeUnit.NANOSECONDS.toMillis(elapsed), expire, lease.token());
			}
			catch (RuntimeException ex) {
				// Not serializable or too large: a programming error the caller must see;
				// the waiters take over.
				return failAfterRelease(target, lease, ex);
			}
			return write.handle((written, writeError) -> {
				if (writeError != null) {
					// The caller still gets the value it computed; the next caller
					// computes again.
					logFailure("cache.write", "Cannot cache a computed value; the next caller computes again", target,
							writeError);
				}
				return value;
			});
		}).thenCompose((next) -> next);
	}

	/**
	 * Releases the lease (if this caller owns one) before failing, so that waiters can
	 * take over at once and the caller sees its failure only when nothing of its load is
	 * left in Redis.
	 */
	private CompletableFuture<Object> failAfterRelease(Target target, Lease lease, Throwable failure) {
		if (lease.token() == null) {
			return CompletableFuture.failedFuture(failure);
		}
		return this.client.<Long>eval(RELEASE, ScriptOutputType.INTEGER, target.keys(), lease.token(), this.channel)
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
		String envelope = envelope(target.valueKey(), value, computeMillis);
		return fenced(target.valueKey(), () -> this.client.eval(WRITE, ScriptOutputType.INTEGER, target.keys(),
				envelope, ttlMillis(value, expire), (token != null) ? token : "", this.channel));
	}

	private String envelope(String valueKey, Object value, long computeMillis) {
		return this.client.checkValue(this.envelopes.write(valueKey, value, computeMillis));
	}

	/**
	 * The TTL a value is stored with, in ms: the given one, or the null TTL for "absent".
	 */
	private String ttlMillis(Object value, Duration expire) {
		return Long.toString(((value != null) ? expire : this.options.nullTtl()).toMillis());
	}

	/**
	 * Reads a key from Redis; with a near cache, the reply is kept as a local copy when
	 * no invalidation came between the ticket taken here and the reply.
	 */
	private CompletableFuture<Hit> read(Target target) {
		NearCache.Ticket ticket = (this.near != null) ? this.near.reserve(target.valueKey()) : null;
		CompletableFuture<Hit> reply = readRedis(target);
		if (ticket == null) {
			return reply;
		}
		return reply.whenComplete(
				(hit, error) -> this.near.keep(target.valueKey(), ticket, (hit != null) ? hit.envelope() : null,
						(hit != null && hit.ttlMillis() >= 0) ? System.currentTimeMillis() + hit.ttlMillis() : -1));
	}

	private CompletableFuture<Hit> readRedis(Target target) {
		if (!this.options.earlyRefresh()) {
			return this.client.<String>call("cache.get", (commands) -> commands.get(target.valueKey()))
				.thenApply(
						(text) -> (text != null) ? new Hit(this.envelopes.parse(target.valueKey(), text), -1) : null);
		}
		return this.client.<List<Object>>eval(READ, ScriptOutputType.MULTI, new String[] { target.valueKey() })
			.thenApply((reply) -> (reply != null && !reply.isEmpty() && reply.get(0) != null)
					? new Hit(this.envelopes.parse(target.valueKey(), (String) reply.get(0)), (Long) reply.get(1))
					: null);
	}

	/**
	 * XFetch on a near hit, with the time left that the copy's read saw; only when early
	 * refresh is on and that time is known.
	 */
	private void refreshEarly(String valueKey, NearCache.Copy copy, Duration expire,
			Supplier<CompletionStage<Object>> factory) {
		if (this.options.earlyRefresh() && copy.expiresAtMillis >= 0) {
			long left = Math.max(0, copy.expiresAtMillis - System.currentTimeMillis());
			refreshEarly(new Target(valueKey), new Hit(copy.envelope, left), expire, factory);
		}
	}

	/**
	 * XFetch: recompute in the background when
	 * {@code -delta * beta * ln(rand) >= ttl left}, so that the chance grows as expiry
	 * nears and with the time the value takes to compute. One refresher per key: one per
	 * JVM by a local set, one across JVMs by the lease.
	 */
	private void refreshEarly(Target target, Hit hit, Duration expire, Supplier<CompletionStage<Object>> factory) {
		if (!this.options.earlyRefresh() || hit.ttlMillis() < 0) {
			return;
		}
		long delta = hit.envelope().computeMillis();
		double random = 1.0 - ThreadLocalRandom.current().nextDouble(); // in (0, 1], so
																		// the logarithm
																		// is finite
		double gap = -delta * this.options.earlyRefreshBeta() * Math.log(random);
		if (gap < hit.ttlMillis() || !this.refreshing.add(target.valueKey())) {
			return;
		}
		String token = UUID.randomUUID().toString();
		SetArgs nx = SetArgs.Builder.nx().px(this.options.leaseTime().toMillis());
		this.client.<String>call("cache.refresh", (commands) -> commands.set(target.leaseKey(), token, nx))
			.thenComposeAsync((ok) -> "OK".equals(ok)
					? compute(target, (key, envelope) -> null, expire, factory, new Lease(token, null))
					: CompletableFuture.completedFuture(null), this.executor)
			.whenComplete((value, error) -> {
				this.refreshing.remove(target.valueKey());
				if (error != null) {
					logFailure("cache.refresh", "Early refresh failed; the current value stays until it expires",
							target, error);
				}
			});
	}

	/** The keys of one cache key; both in one hash slot. */
	record Target(String valueKey, String leaseKey) {

		Target(String valueKey) {
			this(valueKey, valueKey + ":lease");
		}

		String[] keys() {
			return new String[] { this.valueKey, this.leaseKey };
		}

	}

	/** A cached envelope and its remaining TTL in ms (-1 when not read). */
	private record Hit(Stored envelope, long ttlMillis) {
	}

}
