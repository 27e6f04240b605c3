package com.earnbase.redis.lock;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.support.Arguments;
import com.earnbase.redis.support.DaemonThreads;
import com.earnbase.redis.support.PrimitiveSupport;
import com.earnbase.redis.support.RedisScript;
import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LockService} on Redis. A lock is the key {@code prefix:namespace:{key}}
 * holding the holder's random id, set with {@code SET NX PX}; beside it (same hash slot)
 * live the fencing token counter {@code ...:{key}:fence}, the waiting mark
 * {@code ...:{key}:waiting} and the release channel {@code ...:{key}:released}. Acquire,
 * release and extend are one script each.
 * <p>
 * Waiters subscribe to the release channel and retry when woken; they also retry after
 * the holder's remaining lease or the poll interval, whichever is shorter, so a lost
 * notification costs a little time, never a hang. A release is published only when a
 * waiter marked the lock (an attempt that finds it taken and will wait sets the mark in
 * the same script), so an uncontended acquire and release cost two scripts and no
 * PUBLISH. A watchdog thread owned by this service renews the leases of locks acquired
 * without one. Close the service to stop it.
 * <p>
 * With {@link LockOptions#replicasToAck()} above 0, every acquisition and extension is
 * followed by {@code WAIT}; when fewer replicas acknowledge within
 * {@link LockOptions#replicasAckTimeout()}, the acquisition is released and retried while
 * the caller's wait lasts ({@link LockNotReplicatedException} when it is over), and an
 * extension counts as failed.
 */
public final class RedisLockService implements LockService, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisLockService.class);

	static final RedisScript RELEASE = RedisScript.load(RedisLockService.class, "release.lua", "lock.release");

	private static final RedisScript EXTEND = RedisScript.load(RedisLockService.class, "extend.lua", "lock.extend");

	private final PrimitiveSupport client;

	private final LockOptions options;

	private final LockMetrics metrics;

	private final ReleaseNotifier notifier;

	private final LockAcquirer acquirer;

	private final ReplicaAcks replicas;

	private final ScheduledExecutorService watchdog;

	/**
	 * Locks with a watchdog, by id, so that {@link #release(String, String)} and
	 * {@link #close()} stop them.
	 */
	private final Map<String, RedisLockHandle> renewing = new ConcurrentHashMap<>();

	private volatile boolean closed;

	/**
	 * Creates a lock service with the {@linkplain LockOptions#defaults() default
	 * options}.
	 * @param client a client from {@link RedisClient#connect(String)} or
	 * {@link RedisClient#builder()}
	 * @throws IllegalArgumentException when the client was not built by this library
	 */
	public RedisLockService(RedisClient client) {
		this(client, LockOptions.defaults());
	}

	/**
	 * Creates a lock service.
	 * @param client a client from {@link RedisClient#connect(String)} or
	 * {@link RedisClient#builder()}
	 * @param options the settings
	 * @throws IllegalArgumentException when the client was not built by this library, or
	 * when {@link LockOptions#replicasAckTimeout()} is not shorter than the client's
	 * command timeout while replicas must acknowledge
	 */
	public RedisLockService(RedisClient client, LockOptions options) {
		this.client = PrimitiveSupport.of(client);
		this.options = Arguments.requireNonNull("options", options);
		this.replicas = new ReplicaAcks(this.client, this.options);
		this.metrics = new LockMetrics(this.client.meterRegistry());
		this.notifier = new ReleaseNotifier(this.client);
		this.acquirer = new LockAcquirer(this.client, this.options, this.notifier, this.replicas);
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
	 * Stops the watchdog and the release notifications. Locks still held are not
	 * released: they expire with their current lease.
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
	 * Whether threads of this service wait for the lock and will be woken by its release
	 * notification.
	 * @param key the lock's name
	 * @return true when such waiters exist
	 */
	boolean hasNotifiedWaiters(String key) {
		return this.notifier.isSubscribed(keys(key).channel());
	}

	// --- acquisition
	// -------------------------------------------------------------------------------------

	private static LockHandle orTimeout(LockHandle handle, Duration waitTime) {
		if (handle == null) {
			throw new LockTimeoutException(waitTime);
		}
		return handle;
	}

	/**
	 * Acquires the lock or answers null when it stayed taken for {@code waitTime};
	 * records the acquire timer.
	 */
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
			LockAcquirer.Acquired acquired = this.acquirer.acquire(keys, leaseMillis, start, saturatedNanos(waitTime));
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

	// --- for the handles
	// ---------------------------------------------------------------------------------

	/**
	 * Runs the owner-checked release script; logs at WARN when the lock was no longer
	 * ours.
	 */
	boolean releaseOwned(LockKeys keys, String id) {
		long released = this.client.<Long>evalSync(RELEASE, ScriptOutputType.INTEGER,
				new String[] { keys.lock(), keys.waiting() }, id, keys.channel());
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

	/** What an explicit extension found. */
	enum Extension {

		/** Extended (and acknowledged by enough replicas when they must). */
		EXTENDED,
		/** The lock was no longer ours. */
		NOT_OURS,
		/**
		 * Extended on the master, but too few replicas acknowledged it; the lock is being
		 * released.
		 */
		NOT_REPLICATED

	}

	/**
	 * Runs the owner-checked extend script, then waits for the replicas when they must
	 * acknowledge; a lock whose extension too few acknowledged is released.
	 */
	Extension extend(LockKeys keys, String id, long leaseMillis) {
		if (this.client.<Long>evalSync(EXTEND, ScriptOutputType.INTEGER, new String[] { keys.lock() }, id,
				Long.toString(leaseMillis)) != 1L) {
			return Extension.NOT_OURS;
		}
		if (!this.replicas.enabled()) {
			return Extension.EXTENDED;
		}
		// A failed WAIT (Redis unreachable) is thrown like a failed extend script: the
		// lock stays as the master has it.
		long acknowledged = this.replicas.await(keys);
		if (acknowledged < this.replicas.required()) {
			logger.atWarn()
				.addKeyValue("operation", "lock.extend")
				.addKeyValue("outcome", "not_replicated")
				.addKeyValue("namespace", this.options.namespace())
				.addKeyValue("acknowledged", acknowledged)
				.addKeyValue("replicasToAck", this.replicas.required())
				.log("Lock extension not acknowledged by enough replicas in time; the lock is released");
			this.acquirer.releaseInBackground(keys, id);
			return Extension.NOT_REPLICATED;
		}
		return Extension.EXTENDED;
	}

	/** Whether the lock holds this id. */
	boolean owns(LockKeys keys, String id) {
		return id.equals(
				this.client.await("lock.held", this.client.call("lock.held", (commands) -> commands.get(keys.lock()))));
	}

	/**
	 * For the watchdog: extends the lease when {@code leaseMillis} is positive, else only
	 * checks ownership.
	 * @return whether the lock is still ours
	 */
	CompletableFuture<Boolean> renewOrCheck(LockKeys keys, String id, long leaseMillis) {
		try {
			if (leaseMillis > 0) {
				CompletableFuture<Boolean> extended = this.client
					.<Long>eval(EXTEND, ScriptOutputType.INTEGER, new String[] { keys.lock() }, id,
							Long.toString(leaseMillis))
					.thenApply((reply) -> reply == 1L);
				if (!this.replicas.enabled()) {
					return extended;
				}
				// A renewal the replicas did not acknowledge is reported like a failed
				// one: retried, and the lease counts as not extended meanwhile.
				return extended.thenCompose((ours) -> !ours ? CompletableFuture.completedFuture(false)
						: this.replicas.request(keys).thenApply((acknowledged) -> {
							if (acknowledged < this.replicas.required()) {
								throw new LockNotReplicatedException("lock.extend", acknowledged,
										this.replicas.required(), this.replicas.timeout());
							}
							return true;
						}));
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

	/**
	 * Runs a task on the watchdog thread; dropped once the service is closed, when no
	 * lock is watched any more.
	 */
	void execute(Runnable task) {
		try {
			this.watchdog.execute(task);
		}
		catch (RejectedExecutionException ex) {
			logger.atDebug().addKeyValue("operation", "lock.renew").log("Lock service closed; renewal result dropped");
		}
	}

	/**
	 * A handle was released, lost or abandoned: it is no longer watched and its hold time
	 * is recorded.
	 */
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

	// --- internals
	// ---------------------------------------------------------------------------------------

	private LockKeys keys(String key) {
		Arguments.requireText("key", key);
		if (key.startsWith("}")) {
			// "{}" is an empty hash tag: the lock's keys would no longer share a cluster
			// slot.
			throw new IllegalArgumentException("key must not start with '}'");
		}
		String base = this.options.namespace() + ":{" + key + "}";
		String lock = this.client.key(base);
		return new LockKeys(lock, lock + ":fence", lock + ":waiting", this.client.channel(base + ":released"));
	}

	private void ensureOpen() {
		if (this.closed) {
			throw new IllegalStateException("LockService is closed");
		}
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
