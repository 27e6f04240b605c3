package com.earnbase.redis;

/** Redis answered the command with an error (for example WRONGTYPE or NOPERM). */
public class RedisCommandFailedException extends EarnbaseRedisException {

	/**
	 * Creates the exception.
	 * @param operation the operation that failed
	 * @param message the error Redis returned
	 * @param cause the underlying error
	 */
	public RedisCommandFailedException(String operation, String message, Throwable cause) {
		super(operation, message, cause);
	}

}
