package com.earnbase.redis;

/**
 * Redis could not be reached, or the connection broke while the operation was under way.
 */
public class RedisConnectionLostException extends EarnbaseRedisException {

	/**
	 * Creates the exception.
	 * @param operation the operation that failed
	 * @param message what went wrong
	 * @param cause the underlying error
	 */
	public RedisConnectionLostException(String operation, String message, Throwable cause) {
		super(operation, message, cause);
	}

}
