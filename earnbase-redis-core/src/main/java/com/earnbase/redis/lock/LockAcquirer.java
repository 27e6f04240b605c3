package com.earnbase.redis.lock;

import java.time.Duration;
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
 * ours or the wait is over, waiting on the release notification between attempts; with
 * {@link LockOptions#replicasToAck()}, an acquisition counts only once enough replicas
 * acknowledged it.
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

	private static final String FENCE_TTL_MILLIS = Long.toString(FENCE_TTL.toMillis());

	/** The waiting mark's TTL argument of an attempt whose caller does not wait. */
	private static final String NO_MARK = "0";

	private final PrimitiveSupport client;

	private final LockOptions options;

	private final ReleaseNotifier notifier;

	private final ReplicaAcks replicas;

	/**
	 * How long a waiter's mark lives: past its next attempt (at most a poll interval
	 * away), which sets it again. A mark that outlives its waiters costs one needless
	 * PUBLISH at the next release, which clears it.
	 */
	private final String markMillis;

	/** The options' lease, which every watchdog lock takes. */
	private final long defaultLeaseMillis;

	/** Its script argument, written once rather than per acquisition. */
	private final String defaultLease;

	LockAcquirer(PrimitiveSupport client, LockOptions options, ReleaseNotifier notifier, ReplicaAcks replicas) {
		this.client = client;
		this.options = options;
		this.notifier = notifier;
		this.replicas = replicas;
		this.markMillis = Long.toString(2 * options.pollInterval().toMillis() + 1000);
		this.defaultLeaseMillis = options.leaseTime().toMillis();
		this.defaultLease = Long.toString(this.defaultLeaseMillis);
	}

	/**
	 * Attempts until the lock is ours or the wait is over. The first attempt costs no
	 * subscription; later ones are woken by the holder's release notification, or after
	 * the holder's remaining lease or the poll interval. An attempt that finds the lock
	 * taken while the caller still has time to wait marks the lock as waited for, which
	 * makes the holder's release publish the notification. A lost connection, a Redis
	 * timeout or too few replica acknowledgements is retried (with a new id) while the
	 * wait lasts, and thrown when it is over.
	 * @return the acquisition, or null when the wait is over
	 */
	Acquired acquire(LockKeys keys, long leaseMillis, long start, long waitNanos) {
		ReleaseNotifier.Waiter waiter = null;
		String id = LockIds.next();
		String lease = (leaseMillis == this.defaultLeaseMillis) ? this.defaultLease : Long.toString(leaseMillis);
		try {
			while (true) {
				long holderLeaseMillis = -1;
				EarnbaseRedisException failure = null;
				try {
					long sent = System.nanoTime();
					long reply = attempt(keys, id, lease,
							(remaining(start, waitNanos) > 0) ? this.markMillis : NO_MARK);
					if (reply > 0) {
						long acknowledged = this.replicas.enabled() ? acknowledged(keys, id) : Long.MAX_VALUE;
						if (acknowledged >= this.replicas.required()) {
							return new Acquired(id, reply, sent);
						}
						failure = new LockNotReplicatedException("lock.acquire", acknowledged, this.replicas.required(),
								this.replicas.timeout());
						releaseInBackground(keys, id);
						id = LockIds.next();
					}
					else {
						holderLeaseMillis = -3 - reply;
					}
				}
				catch (RedisConnectionLostException | RedisOperationTimeoutException ex) {
					failure = ex;
					// That attempt may have taken the lock and is being freed; the next
					// one must not be confused with it.
					id = LockIds.next();
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
	 * One run of the acquire script: the fencing token (positive), or -3 minus the
	 * holder's remaining lease in ms.
	 */
	private long attempt(LockKeys keys, String id, String lease, String mark) {
		try {
			return this.client.<Long>evalSync(ACQUIRE, ScriptOutputType.INTEGER,
					new String[] { keys.lock(), keys.fence(), keys.waiting() }, id, lease, FENCE_TTL_MILLIS, mark);
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
	}

	/**
	 * WAIT for the replicas after the script took the lock; on a failure the lock is
	 * freed before the failure is thrown.
	 */
	private long acknowledged(LockKeys keys, String id) {
		try {
			return this.replicas.await(keys);
		}
		catch (EarnbaseRedisException ex) {
			releaseInBackground(keys, id);
			if (ex.getCause() instanceof InterruptedException) {
				throw new LockInterruptedException(ex);
			}
			throw ex;
		}
	}

	/** Frees a lock this service took but does not hand out, without waiting. */
	void releaseInBackground(LockKeys keys, String id) {
		try {
			this.client
				.<Long>eval(RedisLockService.RELEASE, ScriptOutputType.INTEGER,
						new String[] { keys.lock(), keys.waiting() }, id, keys.channel())
				.whenComplete((released, error) -> logger.atDebug()
					.addKeyValue("operation", "lock.release")
					.addKeyValue("outcome", (error != null) ? "error" : (released == 1L) ? "released" : "not_held")
					.log("Freed a lock that was not handed out"));
		}
		catch (RuntimeException ex) {
			logger.atDebug()
				.addKeyValue("operation", "lock.release")
				.addKeyValue("outcome", "error")
				.log("Cannot free a lock that was not handed out; it expires with its lease: {}", ex.getMessage());
		}
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
