package com.earnbase.redis.support;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How the client and its primitives read a failure out of the futures they compose. */
public final class Failures {

	private Failures() {
	}

	/**
	 * Strips the wrappers that futures add around a failure.
	 * @param error a failure as a future reported it
	 * @return the first cause that is not a {@link CompletionException} or {@link ExecutionException}
	 */
	public static Throwable unwrap(Throwable error) {
		Throwable cause = error;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	/**
	 * The message of the innermost cause, for logs and exception messages.
	 * @param error a failure
	 * @return the root cause's message, or its class name when it has none
	 */
	public static String rootMessage(Throwable error) {
		Throwable root = error;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return (message != null) ? message : root.getClass().getSimpleName();
	}

}
