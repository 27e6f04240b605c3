package com.earnbase.redis;

/**
 * A value could not be converted to or from JSON. The message names the key and the
 * target type, never the payload.
 */
public class RedisSerializationException extends EarnbaseRedisException {

	/**
	 * Creates the exception.
	 * @param operation the operation that failed
	 * @param message which key and type could not be converted
	 * @param cause the Jackson error
	 */
	public RedisSerializationException(String operation, String message, Throwable cause) {
		super(operation, message, cause);
	}

}
