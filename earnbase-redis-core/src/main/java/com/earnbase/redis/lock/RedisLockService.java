package com.earnbase.redis.lock;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.earnbase.redis.EarnbaseRedisException;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisConnectionLostException;
import com.earnbase.redis.RedisOperationTimeoutException;
import com.earnbase.redis.support.Arguments;
import com.earnbase.redis.support.DaemonThreads;
import com.earnbase.redis.support.PrimitiveSupport;
import com.earnbase.redis.support.RedisScript;
import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LockService} on Redis. A lock is the key {@code prefix:namespace:{key}} holding the holder's random id,
 * set with {@code SET NX PX}; beside it (same hash slot) live the fencing token counter {@code ...:{key}:fence} and
 * the release channel {@code ...:{key}:released}. Acquire, release and extend are one script each.
 * <p>
 * Waiters subscribe to the release channel and retry when woken; they also retry after the holder's remaining lease
 * or the poll interval, whichever is shorter, so a lost notification costs a little time, never a hang. A watchdog
 * thread owned by this service renews the leases of locks acquired without one. Close the service to stop it.
 */
public final class RedisLockService implements LockService, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisLockService.class);

	private static final RedisScript ACQUIRE = RedisScript.load(RedisLockService.class, "acquire.lua",
			"lock.acquire");

	private static final RedisScript RELEASE = RedisScript.load(RedisLockService.class, "release.lua",
			"lock.release");

	private static final RedisScript EXTEND = RedisScript.load(RedisLockService.class, "extend.lua", "lock.extend");

	/**
	 * Time to live of an idle key's fencing counter, refreshed by every acquisition. Its expiry cannot make tokens go
	 * back: a new counter starts at the Redis clock in microseconds, above every token handed out before (unless
	 * the server clock went back by more than this).
	 */
	static final Duration FENCE_TTL = Duration.ofDays(7);

	private final PrimitiveSupport client;

	private final LockOptions options;

	private final LockMetrics metrics;

	private final ReleaseNotifier notifier;

	private final ScheduledExecutorService watchdog;

	/** Locks with a watchdog, by id, so that {@link #release(String, String)} and {@link #close()} stop them. */
	private final Map<String, RedisLockHandle> renewing = new ConcurrentHashMap<>();

	private volatile boolean closed;

	/**
	 * Creates a lock service with the {@linkplain LockOptions#defaults() default options}.
	 * @param client a client from {@link RedisClient#connect(String)} or {@link RedisClient#builder()}
	 * @throws IllegalArgumentException when the client was not built by this library
	 */
	public RedisLockService(RedisClient client) {
		this(client, LockOptions.defaults());
	}

	/**
	 * Creates a lock service.
	 * @param client a client from {@link RedisClient#connect(String)} or {@link RedisClient#builder()}
	 * @param options the settings
	 * @throws IllegalArgumentException when the client was not built by this library
	 */
	public RedisLockService(RedisClient client, LockOptions options) {
		this.client = PrimitiveSupport.of(client);
		this.options = Arguments.requireNonNull("options", options);
		this.metrics = new LockMetrics(this.client.meterRegistry());
		this.notifier = new ReleaseNotifier(this.client);
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
				DaemonThreads.named("earnbase-lock-watchdog"));
		executor.setRemoveOnCancelPolicy(true);
		this.watchdog = executor;
	}

	/**
	 * The settings of this service.
	 * @return the options
	 */
	public LockOptions options() {
		return this.options;
	}

	@Override
	public LockHandle acquire(String key, Duration timeout) {
		Arguments.requireNotNegative("timeout", timeout);
		return orTimeout(acquire(key, this.options.leaseTime().toMillis(), timeout, true), timeout);
	}

	@Override
	public LockHandle acquire(String key, Duration leaseTime, Duration waitTime) {
		long leaseMillis = Arguments.requirePositive("leaseTime", leaseTime).toMillis();
		Arguments.requireNotNegative("waitTime", waitTime);
		return orTimeout(acquire(key, leaseMillis, waitTime, false), waitTime);
	}

	@Override
	public Optional<LockHandle> tryAcquire(String key, Duration leaseTime) {
		long leaseMillis = Arguments.requirePositive("leaseTime", leaseTime).toMillis();
		return Optional.ofNullable(acquire(key, leaseMillis, Duration.ZERO, false));
	}

	@Override
	public boolean release(String key, String lockId) {
		Arguments.requireText("key", key);
		Arguments.requireText("lockId", lockId);
		LockKeys keys = keys(key);
		ensureOpen();
		RedisLockHandle handle = this.renewing.get(lockId);
		if (handle != null && handle.key().equals(key)) {
			return handle.releaseIfHeld();
		}
		return releaseOwned(keys, lockId);
	}

	@Override
	public <T> T withLock(String key, Duration waitTime, Supplier<T> action) {
		Arguments.requireNonNull("action", action);
		try (LockHandle handle = acquire(key, waitTime)) {
			return action.get();
		}
	}

	@Override
	public void withLock(String key, Duration waitTime, Runnable action) {
		Arguments.requireNonNull("action", action);
		try (LockHandle handle = acquire(key, waitTime)) {
			action.run();
		}
	}

	/**
	 * Stops the watchdog and the release notifications. Locks still held are not released: they expire with their
	 * current lease.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.renewing.values().forEach(RedisLockHandle::abandon);
		this.notifier.close();
		this.watchdog.shutdownNow();
	}

	@Override
	public String toString() {
		return "RedisLockService[namespace='" + this.options.namespace() + "']";
	}

	/**
	 * Whether threads of this service wait for the lock and will be woken by its release notification.
	 * @param key the lock's name
	 * @return true when such waiters exist
	 */
	boolean hasNotifiedWaiters(String key) {
		return this.notifier.isSubscribed(keys(key).channel());
	}

	// --- acquisition -------------------------------------------------------------------------------------

	private static LockHandle orTimeout(LockHandle handle, Duration waitTime) {
		if (handle == null) {
			throw new LockTimeoutException(waitTime);
		}
		return handle;
	}

	/** Acquires the lock or answers null when it stayed taken for {@code waitTime}; records the acquire timer. */
	private RedisLockHandle acquire(String key, long leaseMillis, Duration waitTime, boolean watchdog) {
		LockKeys keys = keys(key);
		ensureOpen();
		long start = System.nanoTime();
		if (Thread.currentThread().isInterrupted()) {
			this.metrics.error(start);
			throw new LockInterruptedException(new InterruptedException("interrupted before acquiring"));
		}
		RedisLockHandle handle;
		try {
			Acquired acquired = acquireWaiting(keys, leaseMillis, start, saturatedNanos(waitTime));
			if (acquired == null) {
				this.metrics.timeout(start);
				logger.atDebug()
					.addKeyValue("operation", "lock.acquire")
					.addKeyValue("outcome", "timeout")
					.addKeyValue("key", key)
					.log("Lock not acquired in time");
				return null;
			}
			handle = new RedisLockHandle(this, key, keys, acquired.id(), acquired.token(), leaseMillis, watchdog,
					acquired.sentNanos());
		}
		catch (RuntimeException ex) {
			this.metrics.error(start);
			throw ex;
		}
		this.metrics.acquired(start);
		logger.atDebug()
			.addKeyValue("operation", "lock.acquire")
			.addKeyValue("outcome", "acquired")
			.addKeyValue("key", key)
			.addKeyValue("fencingToken", handle.fencingToken())
			.addKeyValue("waitedMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
			.log("Lock acquired");
		if (watchdog) {
			this.renewing.put(handle.id(), handle);
			handle.startRenewal();
			if (this.closed) {
				handle.abandon();
			}
		}
		return handle;
	}

	/**
	 * Attempts until the lock is ours or the wait is over. The first attempt costs no subscription; later ones are
	 * woken by the holder's release notification, or after the holder's remaining lease or the poll interval. A lost
	 * connection or a Redis timeout is retried (with a new id) while the wait lasts, and thrown when it is over.
	 * @return the acquisition, or null when the wait is over
	 */
	private Acquired acquireWaiting(LockKeys keys, long leaseMillis, long start, long waitNanos) {
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
					// That attempt may have taken the lock and is being freed; the next one must not be confused with it.
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

	/** The pause before the next attempt: the poll interval with jitter, or less when the holder's lease ends first. */
	private long pauseNanos(long holderLeaseMillis) {
		long poll = this.options.pollInterval().toNanos();
		long jittered = poll / 2 + ThreadLocalRandom.current().nextLong(poll / 2 + 1);
		// -1: no expiry (not set by this library) or unknown after a failure; -2: it just vanished, so try again soon.
		if (holderLeaseMillis == -2) {
			return 0;
		}
		return (holderLeaseMillis >= 0) ? Math.min(jittered, TimeUnit.MILLISECONDS.toNanos(holderLeaseMillis + 1))
				: jittered;
	}

	/** One run of the acquire script: {@code value} is the fencing token, or the holder's remaining lease in ms. */
	private Attempt attempt(LockKeys keys, String id, long leaseMillis) {
		List<Object> reply;
		try {
			reply = this.client.evalSync(ACQUIRE, ScriptOutputType.MULTI, new String[] { keys.lock(), keys.fence() },
					id, Long.toString(leaseMillis), Long.toString(FENCE_TTL.toMillis()));
		}
		catch (EarnbaseRedisException ex) {
			// The script may have taken the lock although its reply never reached us: free it.
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
			this.client.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] { keys.lock() }, id, keys.channel())
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

	/** An acquired lock; {@code sentNanos} is when the winning attempt was sent, where its lease began at the latest. */
	private record Acquired(String id, long token, long sentNanos) {
	}

	// --- for the handles ---------------------------------------------------------------------------------

	/** Runs the owner-checked release script; logs at WARN when the lock was no longer ours. */
	boolean releaseOwned(LockKeys keys, String id) {
		long released = this.client.<Long>evalSync(RELEASE, ScriptOutputType.INTEGER, new String[] { keys.lock() },
				id, keys.channel());
		if (released != 1L) {
			logger.atWarn()
				.addKeyValue("operation", "lock.release")
				.addKeyValue("outcome", "not_owner")
				.addKeyValue("namespace", this.options.namespace())
				.log("Lock not released: it had expired or another owner holds it; that owner's lock is left intact");
			return false;
		}
		return true;
	}

	/** Runs the owner-checked extend script. */
	boolean extend(LockKeys keys, String id, long leaseMillis) {
		return this.client.<Long>evalSync(EXTEND, ScriptOutputType.INTEGER, new String[] { keys.lock() }, id,
				Long.toString(leaseMillis)) == 1L;
	}

	/** Whether the lock holds this id. */
	boolean owns(LockKeys keys, String id) {
		return id.equals(this.client.await("lock.held", this.client.call("lock.held", (commands) -> commands.get(keys.lock()))));
	}

	/**
	 * For the watchdog: extends the lease when {@code leaseMillis} is positive, else only checks ownership.
	 * @return whether the lock is still ours
	 */
	CompletableFuture<Boolean> renewOrCheck(LockKeys keys, String id, long leaseMillis) {
		try {
			if (leaseMillis > 0) {
				return this.client.<Long>eval(EXTEND, ScriptOutputType.INTEGER, new String[] { keys.lock() }, id,
						Long.toString(leaseMillis)).thenApply((extended) -> extended == 1L);
			}
			return this.client.call("lock.held", (commands) -> commands.get(keys.lock())).thenApply(id::equals);
		}
		catch (RuntimeException ex) {
			// e.g. the client is closed: reported like a failed renewal
			return CompletableFuture.failedFuture(ex);
		}
	}

	long maxHoldNanos() {
		return this.options.maxHoldTime().toNanos();
	}

	/** Schedules a watchdog round; answers null once the service is closed. */
	Future<?> schedule(Runnable task, long delayMillis) {
		try {
			return this.watchdog.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			return null;
		}
	}

	/** Runs a task on the watchdog thread; dropped once the service is closed, when no lock is watched any more. */
	void execute(Runnable task) {
		try {
			this.watchdog.execute(task);
		}
		catch (RejectedExecutionException ex) {
			logger.atDebug().addKeyValue("operation", "lock.renew").log("Lock service closed; renewal result dropped");
		}
	}

	/** A handle was released, lost or abandoned: it is no longer watched and its hold time is recorded. */
	void stopped(RedisLockHandle handle, long acquiredNanos) {
		this.renewing.remove(handle.id(), handle);
		this.metrics.held(acquiredNanos);
	}

	void leaseLost(long fencingToken) {
		this.metrics.leaseLost();
		logger.atWarn()
			.addKeyValue("operation", "lock.lease")
			.addKeyValue("outcome", "lost")
			.addKeyValue("namespace", this.options.namespace())
			.addKeyValue("fencingToken", fencingToken)
			.log("Lock lease lost: the lock expired or another owner took it while it was thought held");
	}

	void logMaxHoldReached(long fencingToken) {
		logger.atWarn()
			.addKeyValue("operation", "lock.renew")
			.addKeyValue("outcome", "max_hold_time")
			.addKeyValue("namespace", this.options.namespace())
			.addKeyValue("fencingToken", fencingToken)
			.addKeyValue("maxHoldTimeMs", this.options.maxHoldTime().toMillis())
			.log("Lock held longer than the maximum hold time; no longer renewed, it expires with its lease");
	}

	void logRenewed(String key, long fencingToken, boolean overMaxHold) {
		logger.atDebug()
			.addKeyValue("operation", "lock.renew")
			.addKeyValue("outcome", overMaxHold ? "still_held" : "renewed")
			.addKeyValue("key", key)
			.addKeyValue("fencingToken", fencingToken)
			.log("Lock lease renewed by the watchdog");
	}

	void logRenewalFailed(long fencingToken, Throwable error) {
		logger.atWarn()
			.addKeyValue("operation", "lock.renew")
			.addKeyValue("outcome", "error")
			.addKeyValue("namespace", this.options.namespace())
			.addKeyValue("fencingToken", fencingToken)
			.log("Lock renewal failed; retrying: {}", this.client.translate("lock.extend", error).getMessage());
	}

	void logListenerFailed(long fencingToken, RuntimeException error) {
		logger.atWarn()
			.addKeyValue("operation", "lock.lease")
			.addKeyValue("outcome", "listener_error")
			.addKeyValue("fencingToken", fencingToken)
			.setCause(error)
			.log("A lease-lost listener threw");
	}

	// --- internals ---------------------------------------------------------------------------------------

	private LockKeys keys(String key) {
		Arguments.requireText("key", key);
		if (key.startsWith("}")) {
			// "{}" is an empty hash tag: the lock's keys would no longer share a cluster slot.
			throw new IllegalArgumentException("key must not start with '}'");
		}
		String base = this.options.namespace() + ":{" + key + "}";
		String lock = this.client.key(base);
		return new LockKeys(lock, lock + ":fence", this.client.channel(base + ":released"));
	}

	private void ensureOpen() {
		if (this.closed) {
			throw new IllegalStateException("LockService is closed");
		}
	}

	private static long remaining(long start, long waitNanos) {
		return waitNanos - (System.nanoTime() - start);
	}

	private static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

}
