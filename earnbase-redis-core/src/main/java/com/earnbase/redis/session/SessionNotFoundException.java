package com.earnbase.redis.session;

/**
 * Thrown when a session does not exist: it expired, was deleted, was moved by
 * {@link SessionStore#regenerate(String)}, or its id is malformed. The message never
 * contains the session id.
 */
public class SessionNotFoundException extends RuntimeException {

	private final String operation;

	/**
	 * Creates the exception for an operation.
	 * @param operation the store operation, e.g. {@code get}
	 */
	public SessionNotFoundException(String operation) {
		super("Session not found (" + operation + "): it expired, was deleted or its id is not valid");
		this.operation = operation;
	}

	/**
	 * The store operation that found no session.
	 * @return the operation, e.g. {@code get}
	 */
	public String operation() {
		return this.operation;
	}

}
