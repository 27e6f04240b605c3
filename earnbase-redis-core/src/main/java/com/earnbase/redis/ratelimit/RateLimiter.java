package com.earnbase.redis.ratelimit;

import java.time.Duration;

/**
 * Limits how often a caller (user, API key, client address) may do something, shared by
 * every instance that talks to the same Redis. Each check is one atomic round trip on the
 * Redis server's clock.
 * <p>
 * Denied calls are not counted. Asking for more permits than the limit is a programming
 * error and fails with {@link IllegalArgumentException}, as do a null or blank key, a
 * limit or permits under one and a window under one millisecond. The same key with
 * another algorithm is a separate counter.
 */
public interface RateLimiter {

	/**
	 * Largest limit x window (in ms) accepted, so that the Lua arithmetic on doubles
	 * stays exact.
	 */
	long MAX_LIMIT_TIMES_WINDOW_MILLIS = 1L << 50;

	/**
	 * Takes one permit if the limit allows it.
	 * @param key who or what is limited, e.g. {@code user:42}
	 * @param limit permits per window
	 * @param window the window
	 * @return true when allowed
	 */
	boolean isAllowed(String key, int limit, Duration window);

	/**
	 * Takes one permit if the limit allows it, with the default algorithm.
	 * @param key who or what is limited
	 * @param limit permits per window
	 * @param window the window
	 * @return the decision
	 */
	RateLimitDecision tryAcquire(String key, int limit, Duration window);

	/**
	 * Takes several permits at once (a weighted call) if the limit allows all of them,
	 * with the default algorithm.
	 * @param key who or what is limited
	 * @param permits permits this call costs, between 1 and {@code limit}
	 * @param limit permits per window
	 * @param window the window
	 * @return the decision
	 */
	RateLimitDecision tryAcquire(String key, int permits, int limit, Duration window);

	/**
	 * Takes several permits at once if the policy allows all of them.
	 * @param key who or what is limited
	 * @param permits permits this call costs, between 1 and the policy's limit
	 * @param policy the limit, window and algorithm
	 * @return the decision
	 */
	RateLimitDecision tryAcquire(String key, int permits, RateLimitPolicy policy);

}
