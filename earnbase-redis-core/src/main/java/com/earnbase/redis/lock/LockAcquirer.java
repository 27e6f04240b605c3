package com.earnbase.redis.lock;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.EarnbaseRedisException;
import com.earnbase.redis.RedisConnectionLostException;
import com.earnbase.redis.RedisOperationTimeoutException;
import com.earnbase.redis.support.PrimitiveSupport;
import com.earnbase.redis.support.RedisScript;
import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes locks for a {@link RedisLockService}: runs the acquire script until the lock is
 * ours or the wait is over, waiting on the release notification between attempts.
 */
final class LockAcquirer {

	/**
	 * Logs under the service's name, as the service did before this class was split from
	 * it.
	 */
	private static final Logger logger = LoggerFactory.getLogger(RedisLockService.class);

	private static final RedisScript ACQUIRE = RedisScript.load(RedisLockService.class, "acquire.lua", "lock.acquire");

	/**
	 * Time to live of an idle key's fencing counter, refreshed by every acquisition. Its
	 * expiry cannot make tokens go back: a new counter starts at the Redis clock in
	 * microseconds, above every token handed out before (unless the server clock went
	 * back by more than this).
	 */
	static final Duration FENCE_TTL = Duration.ofDays(7);

	private final PrimitiveSupport client;

	private final LockOptions options;

	private final ReleaseNotifier notifier;

	LockAcquirer(PrimitiveSupport client, LockOptions options, ReleaseNotifier notifier) {
		this.client = client;
		this.options = options;
		this.notifier = notifier;
	}

	/**
	 * Attempts until the lock is ours or the wait is over. The first attempt costs no
	 * subscription; later ones are woken by the holder's release notification, or after
	 * the holder's remaining lease or the poll interval. A lost connection or a Redis
	 * timeout is retried (with a new id) while the wait lasts, and thrown when it is
	 * over.
	 * @return the acquisition, or null when the wait is over
	 */
	Acquired acquire(LockKeys keys, long leaseMillis, long start, long waitNanos) {
		ReleaseNotifier.Waiter waiter = null;
		String id = UUID.randomUUID().toString();
		try {
			while (true) {
				long holderLeaseMillis = -1;
				EarnbaseRedisException failure = null;
				try {
					long sent = System.nanoTime();
					Attempt attempt = attempt(keys, id, leaseMillis);
					if (attempt.acquired()) {
						return new Acquired(id, attempt.value(), sent);
					}
					holderLeaseMillis = attempt.value();
				}
				catch (RedisConnectionLostException | RedisOperationTimeoutException ex) {
					failure = ex;
					// That attempt may have taken the lock and is being freed; the next
					// one must not be confused with it.
					id = UUID.randomUUID().toString();
				}
				long remaining = remaining(start, waitNanos);
				if (remaining <= 0) {
					if (failure != null) {
						throw failure;
					}
					return null;
				}
				if (failure != null) {
					logger.atDebug()
						.addKeyValue("operation", "lock.acquire")
						.addKeyValue("outcome", "retrying")
						.log("Lock attempt failed; retrying while the wait lasts: {}", failure.getMessage());
				}
				if (waiter == null) {
					waiter = this.notifier.register(keys.channel());
				}
				waiter.await(Math.min(remaining, pauseNanos(holderLeaseMillis)));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LockInterruptedException(ex);
		}
		finally {
			if (waiter != null) {
				this.notifier.unregister(waiter);
			}
		}
	}

	/**
	 * The pause before the next attempt: the poll interval with jitter, or less when the
	 * holder's lease ends first.
	 */
	private long pauseNanos(long holderLeaseMillis) {
		long poll = this.options.pollInterval().toNanos();
		long jittered = poll / 2 + ThreadLocalRandom.current().nextLong(poll / 2 + 1);
		// -1: no expiry (not set by this library) or unknown after a failure; -2: it just
		// vanished, so try again soon.
		if (holderLeaseMillis == -2) {
			return 0;
		}
		return (holderLeaseMillis >= 0) ? Math.min(jittered, TimeUnit.MILLISECONDS.toNanos(holderLeaseMillis + 1))
				: jittered;
	}

	/**
	 * One run of the acquire script: {@code value} is the fencing token, or the holder's
	 * remaining lease in ms.
	 */
	private Attempt attempt(LockKeys keys, String id, long leaseMillis) {
		List<Object> reply;
		try {
			reply = this.client.evalSync(ACQUIRE, ScriptOutputType.MULTI, new String[] { keys.lock(), keys.fence() },
					id, Long.toString(leaseMillis), Long.toString(FENCE_TTL.toMillis()));
		}
		catch (EarnbaseRedisException ex) {
			// The script may have taken the lock although its reply never reached us:
			// free it.
			releaseInBackground(keys, id);
			if (ex.getCause() instanceof InterruptedException) {
				throw new LockInterruptedException(ex);
			}
			throw ex;
		}
		return new Attempt(((Long) reply.get(0)) == 1L, (Long) reply.get(1));
	}

	private void releaseInBackground(LockKeys keys, String id) {
		try {
			this.client
				.<Long>eval(RedisLockService.RELEASE, ScriptOutputType.INTEGER, new String[] { keys.lock() }, id,
						keys.channel())
				.whenComplete((released, error) -> logger.atDebug()
					.addKeyValue("operation", "lock.release")
					.addKeyValue("outcome", (error != null) ? "error" : (released == 1L) ? "released" : "not_held")
					.log("Cleaned up after a failed acquire"));
		}
		catch (RuntimeException ex) {
			logger.atDebug()
				.addKeyValue("operation", "lock.release")
				.addKeyValue("outcome", "error")
				.log("Cannot clean up after a failed acquire; the lock expires with its lease: {}", ex.getMessage());
		}
	}

	private record Attempt(boolean acquired, long value) {
	}

	/**
	 * An acquired lock; {@code sentNanos} is when the winning attempt was sent, where its
	 * lease began at the latest.
	 */
	record Acquired(String id, long token, long sentNanos) {
	}

	private static long remaining(long start, long waitNanos) {
		return waitNanos - (System.nanoTime() - start);
	}

}
