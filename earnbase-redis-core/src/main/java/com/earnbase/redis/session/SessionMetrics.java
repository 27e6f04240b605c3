package com.earnbase.redis.session;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The session store's meters: one counter per operation and outcome, registered on first
 * use. Never tagged by id.
 */
final class SessionMetrics {

	private final MeterRegistry registry;

	/**
	 * Keyed by operation, then outcome, so that counting allocates nothing once a pair
	 * has been seen.
	 */
	private final ConcurrentMap<String, ConcurrentMap<String, Counter>> counters = new ConcurrentHashMap<>();

	SessionMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void count(String operation, String outcome) {
		this.counters.computeIfAbsent(operation, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(outcome,
					(key) -> Counter.builder(RedisSessionStore.OPERATIONS_METRIC)
						.description("Session store operations by outcome")
						.tag("operation", operation)
						.tag("outcome", outcome)
						.register(this.registry))
			.increment();
	}

}
