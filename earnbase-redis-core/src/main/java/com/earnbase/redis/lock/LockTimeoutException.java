package com.earnbase.redis.lock;

import java.time.Duration;

import com.earnbase.redis.EarnbaseRedisException;

/** A lock could not be acquired within the time the caller was willing to wait. */
public class LockTimeoutException extends EarnbaseRedisException {

	/**
	 * Creates the exception.
	 * @param waitTime how long the caller waited
	 */
	public LockTimeoutException(Duration waitTime) {
		super("lock.acquire", "lock not acquired within " + waitTime.toMillis() + " ms", null);
	}

}
