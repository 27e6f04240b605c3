package com.earnbase.redis.cache;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.cache.CacheEnvelope.Stored;
import com.earnbase.redis.cache.CacheLoads.Target;
import com.earnbase.redis.support.PrimitiveSupport;
import com.earnbase.redis.support.RedisScript;
import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cross-JVM half of {@link CacheLoads}: waits for a key's lease with the acquire
 * script, woken by the key's write notification ({@link #signal(String)}) or by polling,
 * until the value is cached, the lease is ours, or the lease time has passed.
 */
final class CacheLeases {

	// Logged as the cache, the class applications know and configure their loggers for.
	private static final Logger logger = LoggerFactory.getLogger(RedisCache.class);

	private static final RedisScript ACQUIRE = RedisScript.load(CacheLoads.class, "acquire.lua", "cache.acquire");

	/**
	 * Longest wait between two looks at a key another caller computes, in case a
	 * notification is lost.
	 */
	private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	private final PrimitiveSupport client;

	private final RedisCacheOptions options;

	private final CacheEnvelope envelopes;

	private final long pollNanos;

	/**
	 * Signals of the keys a caller waits for, completed by the notification that the key
	 * was written.
	 */
	private final ConcurrentHashMap<String, CompletableFuture<Void>> signals = new ConcurrentHashMap<>();

	CacheLeases(PrimitiveSupport client, RedisCacheOptions options, CacheEnvelope envelopes) {
		this.client = client;
		this.options = options;
		this.envelopes = envelopes;
		this.pollNanos = Math.max(MIN_POLL_NANOS, Math.min(MAX_POLL_NANOS, options.leaseTime().toNanos() / 10));
	}

	/**
	 * Wakes the callers waiting for a key.
	 * @param valueKey the key that was written, as the notification names it
	 */
	void signal(String valueKey) {
		CompletableFuture<Void> signal = this.signals.remove(valueKey);
		if (signal != null) {
			signal.complete(null);
		}
	}

	/**
	 * Waits until the value is cached (a hit), this caller owns the lease, or the lease
	 * time has passed (then the caller computes without a lease).
	 */
	CompletableFuture<Lease> acquire(Target target, String token, long deadline) {
		// Registered before looking, so that a notification sent after the look is not
		// missed.
		CompletableFuture<Void> signal = this.signals.computeIfAbsent(target.valueKey(),
				(k) -> new CompletableFuture<>());
		CompletableFuture<List<Object>> look = this.client.eval(ACQUIRE, ScriptOutputType.MULTI, target.keys(), token,
				Long.toString(this.options.leaseTime().toMillis()));
		return look.thenCompose((reply) -> {
			long state = (Long) reply.get(0);
			if (state == 1) {
				this.signals.remove(target.valueKey(), signal);
				Stored envelope = this.envelopes.parse(target.valueKey(), (String) reply.get(1));
				return CompletableFuture.completedFuture(new Lease(null, envelope));
			}
			if (state == 2) {
				this.signals.remove(target.valueKey(), signal);
				return CompletableFuture.completedFuture(new Lease(token, null));
			}
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				this.signals.remove(target.valueKey(), signal);
				logger.atDebug()
					.addKeyValue("operation", "cache.load")
					.addKeyValue("outcome", "lease_wait_expired")
					.addKeyValue("key", target.valueKey())
					.log("Waited the lease time for another caller; computing without the lease");
				return CompletableFuture.completedFuture(new Lease(null, null));
			}
			return signal.copy()
				.completeOnTimeout(null, Math.min(this.pollNanos, remaining), TimeUnit.NANOSECONDS)
				.thenCompose((woken) -> acquire(target, token, deadline));
		});
	}

	/**
	 * The outcome of waiting for a key: the stored envelope when it appeared, else the
	 * lease token when this caller owns it, else neither (the wait expired).
	 */
	record Lease(String token, Stored envelope) {

		/**
		 * Redis could not be reached: compute without a lease and do not try to write.
		 */
		static final Lease UNREACHABLE = new Lease(null, null);

	}

}
