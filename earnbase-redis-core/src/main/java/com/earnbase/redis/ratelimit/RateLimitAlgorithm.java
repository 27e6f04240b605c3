package com.earnbase.redis.ratelimit;

import java.util.Arrays;
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
	 * The weighted two-window counter: fixed windows back to back from the first call,
	 * and a call admitted when {@code p × (window − e) / window + c + permits ≤ limit},
	 * {@code p} and {@code c} being the permits admitted in the previous and the current
	 * window and {@code e} the time since the current window began. Constant memory per
	 * key (one small hash) whatever the limit.
	 * <p>
	 * An approximation of {@link #SLIDING_WINDOW} that assumes the previous window's
	 * permits were evenly spread. Error bound: any interval of length {@code T ≤ window}
	 * holds fewer than {@code limit + limit × T / window} permits (the exact log:
	 * {@code limit}); the worst case, {@code limit} permits at the very end of one window
	 * and as many as allowed at the very end of the next, puts
	 * {@code limit + ⌊limit × (window − 2 ms) / window⌋} permits (just under
	 * {@code 2 × limit}) in one interval of length {@code window}. It can also deny more
	 * than the log: permits taken early in the previous window still weigh after they
	 * have left the exact window, so right after a window that was used up at its start
	 * almost nothing is admitted, and permits come back at {@code limit / window}. A
	 * denied call's {@code retryAfter} and {@code resetAfter} can therefore reach
	 * {@code 2 × window}.
	 */
	SLIDING_WINDOW_COUNTER("sliding-window-counter"),

	/**
	 * GCRA, a token bucket of {@code limit} tokens refilled smoothly at
	 * {@code limit / window}: a burst of up to {@code limit} permits, then one permit
	 * every {@code window / limit}.
	 */
	TOKEN_BUCKET("token-bucket");

	private static final String NAMES = String.join(", ",
			Arrays.stream(values()).map(RateLimitAlgorithm::propertyName).toList());

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
		throw new IllegalArgumentException("algorithm must be one of " + NAMES + " but was '" + name + "'");
	}

}
