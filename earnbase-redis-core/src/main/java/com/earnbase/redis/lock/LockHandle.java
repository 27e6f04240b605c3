package com.earnbase.redis.lock;

import java.time.Duration;

/**
 * One acquisition of a lock. Closing it releases the lock, so it is best used with
 * try-with-resources.
 * <p>
 * The id is a secret of the holder: whoever knows it can release the lock. It is never
 * logged at INFO or above nor put in exception messages.
 */
public interface LockHandle extends AutoCloseable {

	/**
	 * The lock's name as the caller gave it.
	 * @return the key
	 */
	String key();

	/**
	 * The random id of this acquisition, stored as the lock's value in Redis.
	 * @return the id
	 */
	String id();

	/**
	 * A number greater than that of every earlier acquisition of this key: hand it to the
	 * guarded resource, which rejects writes carrying a lower token than one it has
	 * already seen.
	 * @return the fencing token
	 */
	long fencingToken();

	/**
	 * Asks Redis whether this acquisition still holds the lock.
	 * @return true while the lock is ours; false after release, expiry or loss
	 */
	boolean isHeld();

	/**
	 * Sets the lock's remaining lease to {@code leaseTime} from now, if it is still ours.
	 * With a watchdog, later renewals use this lease too. When replicas must acknowledge
	 * ({@link LockOptions#replicasToAck()}) and too few do in time, the extension counts
	 * as failed: the lock is released and lease-lost listeners are called.
	 * @param leaseTime the new lease
	 * @return true when extended; false when the lock was no longer ours or the extension
	 * was not acknowledged by enough replicas
	 */
	boolean extend(Duration leaseTime);

	/**
	 * Releases the lock if it is still ours and stops its renewal. Releasing again does
	 * nothing. A lock that had expired or was taken by another owner is left alone
	 * (logged at WARN, lease-lost listeners called).
	 */
	void release();

	/**
	 * Registers a listener called once when this handle finds that its lock is no longer
	 * its own (a renewal, {@link #isHeld()}, {@link #extend} or {@link #release()} found
	 * it expired or taken). Called at once when that already happened. Listeners called
	 * by the watchdog run on its thread and must return quickly.
	 * @param listener the listener
	 */
	void onLeaseLost(Runnable listener);

	/** Releases the lock, see {@link #release()}. */
	@Override
	void close();

}
