package com.earnbase.redis.lock;

import java.time.Duration;

import com.earnbase.redis.EarnbaseRedisException;

/**
 * Fewer replicas than {@link LockOptions#replicasToAck()} acknowledged a lock's write
 * within {@link LockOptions#replicasAckTimeout()}. Thrown by an acquire when no attempt
 * within its wait time was acknowledged by enough replicas: the lock was released again
 * and the caller does not hold it. (A watchdog renewal that is not acknowledged is
 * retried and logged with this as the reason.)
 */
public class LockNotReplicatedException extends EarnbaseRedisException {

	private final long acknowledged;

	private final int required;

	/**
	 * Creates the exception.
	 * @param operation the lock operation, {@code lock.acquire} or {@code lock.extend}
	 * @param acknowledged how many replicas acknowledged
	 * @param required how many had to
	 * @param timeout how long the acknowledgements were awaited
	 */
	public LockNotReplicatedException(String operation, long acknowledged, int required, Duration timeout) {
		super(operation, acknowledged + " of " + required + " replicas (replicas-to-ack) acknowledged the lock within "
				+ timeout.toMillis() + " ms (replicas-ack-timeout)", null);
		this.acknowledged = acknowledged;
		this.required = required;
	}

	/**
	 * How many replicas acknowledged the last attempt.
	 * @return the count
	 */
	public long acknowledged() {
		return this.acknowledged;
	}

	/**
	 * How many replicas had to acknowledge.
	 * @return the required count
	 */
	public int required() {
		return this.required;
	}

}
