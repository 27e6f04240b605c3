package com.earnbase.redis.lock;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The lock meters; without a registry every method does nothing. Never tagged by key. */
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
		boolean on = registry != null;
		this.acquired = on ? acquireTimer(registry, "acquired") : null;
		this.timeout = on ? acquireTimer(registry, "timeout") : null;
		this.error = on ? acquireTimer(registry, "error") : null;
		this.held = on ? Timer.builder(HELD)
			.description("How long distributed locks were held, from acquisition to release or loss")
			.register(registry) : null;
		this.leaseLost = on ? Counter.builder(LEASE_LOST)
			.description("Locks found no longer held by their holder (expired or taken) before release")
			.register(registry) : null;
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
		if (this.leaseLost != null) {
			this.leaseLost.increment();
		}
	}

	private static void record(Timer timer, long startNanos) {
		if (timer != null) {
			timer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
		}
	}

}
