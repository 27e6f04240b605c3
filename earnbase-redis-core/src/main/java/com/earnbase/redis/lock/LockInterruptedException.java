package com.earnbase.redis.lock;

import com.earnbase.redis.EarnbaseRedisException;

/**
 * The thread was interrupted while acquiring a lock; its interrupt flag is set again and
 * the lock is not held.
 */
public class LockInterruptedException extends EarnbaseRedisException {

	/**
	 * Creates the exception.
	 * @param cause the interruption, or the Redis call it cut short
	 */
	public LockInterruptedException(Throwable cause) {
		super("lock.acquire", "interrupted while acquiring a lock", cause);
	}

}
