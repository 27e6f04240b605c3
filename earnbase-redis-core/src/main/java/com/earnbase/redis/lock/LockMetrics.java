package com.earnbase.redis.lock;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The lock meters, registered once on the primitive's registry. Never tagged by key. */
final class LockMetrics {

	static final String ACQUIRE = "earnbase.redis.lock.acquire";

	static final String HELD = "earnbase.redis.lock.held";

	static final String LEASE_LOST = "earnbase.redis.lock.lease.lost";

	private final Timer acquired;

	private final Timer timeout;

	private final Timer error;

	private final Timer held;

	private final Counter leaseLost;

	LockMetrics(MeterRegistry registry) {
		this.acquired = acquireTimer(registry, "acquired");
		this.timeout = acquireTimer(registry, "timeout");
		this.error = acquireTimer(registry, "error");
		this.held = Timer.builder(HELD)
			.description("How long distributed locks were held, from acquisition to release or loss")
			.register(registry);
		this.leaseLost = Counter.builder(LEASE_LOST)
			.description("Locks found no longer held by their holder (expired or taken) before release")
			.register(registry);
	}

	private static Timer acquireTimer(MeterRegistry registry, String outcome) {
		return Timer.builder(ACQUIRE)
			.description("Time to acquire a distributed lock, waiting included")
			.tag("outcome", outcome)
			.register(registry);
	}

	void acquired(long startNanos) {
		record(this.acquired, startNanos);
	}

	void timeout(long startNanos) {
		record(this.timeout, startNanos);
	}

	void error(long startNanos) {
		record(this.error, startNanos);
	}

	void held(long startNanos) {
		record(this.held, startNanos);
	}

	void leaseLost() {
		this.leaseLost.increment();
	}

	private static void record(Timer timer, long startNanos) {
		timer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
	}

}
