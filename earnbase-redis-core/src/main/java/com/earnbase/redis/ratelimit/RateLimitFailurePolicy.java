package com.earnbase.redis.ratelimit;

/** What a {@link RateLimiter} answers when Redis cannot be reached or fails the check. */
public enum RateLimitFailurePolicy {

	/**
	 * Fail closed: deny the call, with a short {@link RateLimitDecision#retryAfter()}.
	 */
	DENY,

	/** Fail open: allow the call, unlimited while Redis is down. */
	ALLOW

}
