package com.earnbase.redis.ratelimit;

import java.time.Duration;

import com.earnbase.redis.support.Arguments;

/**
 * A limit per window and the algorithm that enforces it, for
 * {@link RateLimiter#tryAcquire(String, int, RateLimitPolicy)}.
 *
 * @param algorithm the algorithm, or null for the limiter's default
 * @param limit permits per window, positive; for {@link RateLimitAlgorithm#TOKEN_BUCKET}
 * also the burst
 * @param window the window, at least 1 ms
 */
public record RateLimitPolicy(RateLimitAlgorithm algorithm, int limit, Duration window) {

	/**
	 * Checks the values.
	 * @param algorithm the algorithm, or null for the limiter's default
	 * @param limit permits per window
	 * @param window the window
	 * @throws IllegalArgumentException when the limit or window is not positive, or their
	 * product too large
	 */
	public RateLimitPolicy {
		Arguments.requirePositive("limit", limit);
		Arguments.requirePositive("window", window);
		if (window.toMillis() > RateLimiter.MAX_LIMIT_TIMES_WINDOW_MILLIS / limit) {
			throw new IllegalArgumentException(
					"limit x window must be at most " + RateLimiter.MAX_LIMIT_TIMES_WINDOW_MILLIS
							+ " permit-milliseconds but was " + limit + " x " + window.toMillis() + " ms");
		}
	}

	/**
	 * A policy with the limiter's default algorithm.
	 * @param limit permits per window
	 * @param window the window
	 * @return the policy
	 */
	public static RateLimitPolicy of(int limit, Duration window) {
		return new RateLimitPolicy(null, limit, window);
	}

	/**
	 * A policy with the given algorithm.
	 * @param algorithm the algorithm
	 * @param limit permits per window
	 * @param window the window
	 * @return the policy
	 */
	public static RateLimitPolicy of(RateLimitAlgorithm algorithm, int limit, Duration window) {
		return new RateLimitPolicy(Arguments.requireNonNull("algorithm", algorithm), limit, window);
	}

}
