package com.earnbase.redis.ratelimit;

import java.time.Duration;

/**
 * The answer of a {@link RateLimiter} check.
 *
 * @param allowed whether the permits were granted (and counted)
 * @param limit the limit the check was made against
 * @param remaining permits still available right now, after this call
 * @param retryAfter zero when allowed; otherwise how long to wait until the same call
 * would be allowed, assuming no other caller takes permits meanwhile (exact to the
 * millisecond, never longer than needed)
 * @param resetAfter how long until the full limit is available again when nobody calls
 * meanwhile
 */
public record RateLimitDecision(boolean allowed, int limit, int remaining, Duration retryAfter, Duration resetAfter) {

	/**
	 * Checks the values.
	 * @param allowed whether the permits were granted
	 * @param limit the limit
	 * @param remaining permits left
	 * @param retryAfter zero when allowed
	 * @param resetAfter time until the full limit is back
	 */
	public RateLimitDecision {
		if (retryAfter == null || retryAfter.isNegative() || resetAfter == null || resetAfter.isNegative()) {
			throw new IllegalArgumentException("retryAfter and resetAfter must not be null or negative");
		}
		if (allowed && !retryAfter.isZero()) {
			throw new IllegalArgumentException("retryAfter must be zero when allowed but was " + retryAfter);
		}
	}

}
