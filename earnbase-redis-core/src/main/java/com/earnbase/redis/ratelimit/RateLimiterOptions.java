package com.earnbase.redis.ratelimit;

import com.earnbase.redis.support.Arguments;

/**
 * Settings of a {@link RedisRateLimiter}; start from {@link #defaults()} and change what
 * differs.
 *
 * @param namespace the key namespace under the client's prefix, default {@code ratelimit}
 * @param defaultAlgorithm the algorithm of calls that name none, default the sliding
 * window
 * @param onFailure what checks answer when Redis fails, default
 * {@link RateLimitFailurePolicy#DENY}
 */
public record RateLimiterOptions(String namespace, RateLimitAlgorithm defaultAlgorithm,
		RateLimitFailurePolicy onFailure) {

	/** The default namespace. */
	public static final String DEFAULT_NAMESPACE = "ratelimit";

	/** The default algorithm. */
	public static final RateLimitAlgorithm DEFAULT_ALGORITHM = RateLimitAlgorithm.SLIDING_WINDOW;

	/** The default failure policy: fail closed. */
	public static final RateLimitFailurePolicy DEFAULT_ON_FAILURE = RateLimitFailurePolicy.DENY;

	/** Checks every setting. */
	public RateLimiterOptions {
		Arguments.requireText("namespace", namespace);
		Arguments.requireNonNull("defaultAlgorithm", defaultAlgorithm);
		Arguments.requireNonNull("onFailure", onFailure);
	}

	/**
	 * Namespace {@code ratelimit}, the sliding window, deny when Redis fails.
	 * @return the defaults
	 */
	public static RateLimiterOptions defaults() {
		return new RateLimiterOptions(DEFAULT_NAMESPACE, DEFAULT_ALGORITHM, DEFAULT_ON_FAILURE);
	}

	/**
	 * A copy with another namespace.
	 * @param namespace the key namespace under the client's prefix
	 * @return the copy
	 */
	public RateLimiterOptions withNamespace(String namespace) {
		return new RateLimiterOptions(namespace, this.defaultAlgorithm, this.onFailure);
	}

	/**
	 * A copy with another default algorithm.
	 * @param defaultAlgorithm the algorithm of calls that name none
	 * @return the copy
	 */
	public RateLimiterOptions withDefaultAlgorithm(RateLimitAlgorithm defaultAlgorithm) {
		return new RateLimiterOptions(this.namespace, defaultAlgorithm, this.onFailure);
	}

	/**
	 * A copy with another failure policy.
	 * @param onFailure what checks answer when Redis fails
	 * @return the copy
	 */
	public RateLimiterOptions withOnFailure(RateLimitFailurePolicy onFailure) {
		return new RateLimiterOptions(this.namespace, this.defaultAlgorithm, onFailure);
	}

}
