package com.earnbase.redis.ratelimit;

import java.util.Locale;

/** How a {@link RateLimiter} counts calls against a limit per window. */
public enum RateLimitAlgorithm {

	/**
	 * At most {@code limit} permits per window that starts with the first call and ends
	 * {@code window} later (INCRBY with the expiry set once when the window starts). Up
	 * to twice the limit may pass around a window boundary.
	 */
	FIXED_WINDOW("fixed-window"),

	/**
	 * A sliding log: at most {@code limit} permits in any interval of length
	 * {@code window} (exact to the millisecond of the Redis clock). Memory grows with the
	 * calls admitted in one window.
	 */
	SLIDING_WINDOW("sliding-window"),

	/**
	 * GCRA, a token bucket of {@code limit} tokens refilled smoothly at
	 * {@code limit / window}: a burst of up to {@code limit} permits, then one permit
	 * every {@code window / limit}.
	 */
	TOKEN_BUCKET("token-bucket");

	private final String propertyName;

	RateLimitAlgorithm(String propertyName) {
		this.propertyName = propertyName;
	}

	/**
	 * The name used in properties, annotations and metric tags, e.g.
	 * {@code sliding-window}.
	 * @return the name
	 */
	public String propertyName() {
		return this.propertyName;
	}

	/**
	 * Finds an algorithm by its property name or constant name, ignoring case.
	 * @param name e.g. {@code token-bucket} or {@code TOKEN_BUCKET}
	 * @return the algorithm
	 * @throws IllegalArgumentException when no algorithm has that name
	 */
	public static RateLimitAlgorithm fromName(String name) {
		if (name != null) {
			String normalized = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
			for (RateLimitAlgorithm algorithm : values()) {
				if (algorithm.propertyName.equals(normalized)) {
					return algorithm;
				}
			}
		}
		throw new IllegalArgumentException(
				"algorithm must be one of fixed-window, sliding-window, token-bucket but was '" + name + "'");
	}

}
