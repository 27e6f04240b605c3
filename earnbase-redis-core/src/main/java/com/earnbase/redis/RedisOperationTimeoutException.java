package com.earnbase.redis;

import java.time.Duration;

/** Redis did not answer within the configured command timeout. */
public class RedisOperationTimeoutException extends EarnbaseRedisException {

	/**
	 * Creates the exception.
	 * @param operation the operation that timed out
	 * @param timeout the timeout that elapsed
	 * @param cause the underlying error, may be {@code null}
	 */
	public RedisOperationTimeoutException(String operation, Duration timeout, Throwable cause) {
		super(operation, "no answer within " + timeout.toMillis() + " ms", cause);
	}

}
