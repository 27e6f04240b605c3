package com.earnbase.redis.lock;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Distributed locks in Redis: one holder per key at a time, safe release (only the
 * holder's own lock is ever deleted), lease renewal by a watchdog, and fencing tokens
 * that strictly increase per key.
 * <p>
 * Locks are <b>not reentrant</b>: acquiring a key that the same thread already holds
 * waits like any other caller (and {@link #tryAcquire} returns empty). A wait that is
 * interrupted restores the thread's interrupt flag and throws
 * {@link LockInterruptedException}.
 */
public interface LockService {

	/**
	 * Acquires a lock, waiting for it up to {@code timeout}. The lease is the configured
	 * lease time and a watchdog renews it while the lock is held (up to the configured
	 * maximum hold time).
	 * @param key the lock's name, e.g. {@code job:daily-report}
	 * @param timeout how long to wait for the lock; zero tries once
	 * @return the held lock; close it to release it
	 * @throws LockTimeoutException when the lock could not be had in time
	 * @throws LockInterruptedException when the thread was interrupted while waiting
	 */
	LockHandle acquire(String key, Duration timeout);

	/**
	 * Acquires a lock with an explicit lease that is not renewed automatically, waiting
	 * for it up to {@code waitTime}.
	 * @param key the lock's name
	 * @param leaseTime how long the lock lives unless released or extended first
	 * @param waitTime how long to wait for the lock; zero tries once
	 * @return the held lock; close it to release it
	 * @throws LockTimeoutException when the lock could not be had in time
	 * @throws LockInterruptedException when the thread was interrupted while waiting
	 */
	LockHandle acquire(String key, Duration leaseTime, Duration waitTime);

	/**
	 * Acquires a lock with an explicit lease if it is free now, without waiting.
	 * @param key the lock's name
	 * @param leaseTime how long the lock lives unless released or extended first
	 * @return the held lock, or empty when another holder has it
	 */
	Optional<LockHandle> tryAcquire(String key, Duration leaseTime);

	/**
	 * Releases a lock by its id, e.g. one acquired by another process that handed the id
	 * over.
	 * @param key the lock's name
	 * @param lockId the id of the acquisition, {@link LockHandle#id()}
	 * @return true only when this id held the lock and it was released; false when it had
	 * expired or another owner holds it (that lock is left intact)
	 */
	boolean release(String key, String lockId);

	/**
	 * Runs an action under a lock (watchdog lease) and releases the lock afterwards, also
	 * when the action throws.
	 * @param <T> the result type
	 * @param key the lock's name
	 * @param waitTime how long to wait for the lock
	 * @param action the work to do while holding the lock
	 * @return the action's result
	 * @throws LockTimeoutException when the lock could not be had in time; the action did
	 * not run
	 */
	<T> T withLock(String key, Duration waitTime, Supplier<T> action);

	/**
	 * Runs an action under a lock (watchdog lease) and releases the lock afterwards, also
	 * when the action throws.
	 * @param key the lock's name
	 * @param waitTime how long to wait for the lock
	 * @param action the work to do while holding the lock
	 * @throws LockTimeoutException when the lock could not be had in time; the action did
	 * not run
	 */
	void withLock(String key, Duration waitTime, Runnable action);

}
