package com.earnbase.redis;

/**
 * Base of the unchecked exceptions this library throws when a Redis operation fails.
 * Every instance names the operation that failed; none carries a key, a value or a
 * secret.
 */
public class EarnbaseRedisException extends RuntimeException {

	private final String operation;

	/**
	 * Creates an exception for the given operation.
	 * @param operation the operation that failed, e.g. {@code get} or
	 * {@code lock.acquire}
	 * @param message what went wrong
	 * @param cause the underlying error, may be {@code null}
	 */
	public EarnbaseRedisException(String operation, String message, Throwable cause) {
		super("Redis operation '" + operation + "' failed: " + message, cause);
		this.operation = operation;
	}

	/**
	 * The operation that failed.
	 * @return the operation name
	 */
	public String operation() {
		return this.operation;
	}

}
