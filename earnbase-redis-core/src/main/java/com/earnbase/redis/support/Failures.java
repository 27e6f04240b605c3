package com.earnbase.redis.support;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import com.earnbase.redis.RedisConnectionLostException;
import com.earnbase.redis.RedisOperationTimeoutException;
import com.earnbase.redis.RedisQueueFullException;

/** How the client and its primitives read a failure out of the futures they compose. */
public final class Failures {

	private Failures() {
	}

	/**
	 * Strips the wrappers that futures add around a failure.
	 * @param error a failure as a future reported it
	 * @return the first cause that is not a {@link CompletionException} or
	 * {@link ExecutionException}
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
	 * Whether a failure means that Redis could not be reached (the connection was lost,
	 * the command timed out, or so many commands wait for Redis that the client refused
	 * this one), as opposed to an error Redis answered or a bug: the failures a
	 * primitive's failure policy applies to.
	 * @param error a failure, possibly wrapped by a future
	 * @return true for a {@link RedisConnectionLostException},
	 * {@link RedisOperationTimeoutException} or {@link RedisQueueFullException}
	 */
	public static boolean isUnavailable(Throwable error) {
		Throwable cause = unwrap(error);
		return cause instanceof RedisConnectionLostException || cause instanceof RedisOperationTimeoutException
				|| cause instanceof RedisQueueFullException;
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
