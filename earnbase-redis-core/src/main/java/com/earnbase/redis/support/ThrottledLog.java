package com.earnbase.redis.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Decides when a recurring WARN is logged: at most once per interval, counting the
 * occurrences suppressed in between, so that an outage is visible without flooding the
 * log. Internal: for the library's primitives, not an application API.
 */
public final class ThrottledLog {

	private final long intervalNanos;

	private final LongSupplier nanoClock;

	private final AtomicLong lastLogged;

	private final AtomicLong pending = new AtomicLong();

	/**
	 * Creates a throttle whose first occurrence is logged.
	 * @param interval the least time between two logged occurrences, positive
	 */
	public ThrottledLog(Duration interval) {
		this(interval, System::nanoTime);
	}

	ThrottledLog(Duration interval, LongSupplier nanoClock) {
		this.intervalNanos = Arguments.requirePositive("interval", interval).toNanos();
		this.nanoClock = nanoClock;
		this.lastLogged = new AtomicLong(nanoClock.getAsLong() - this.intervalNanos);
	}

	/**
	 * Counts one occurrence and tells whether to log it.
	 * @return 0 when it is suppressed; else how many occurred since the last logged one,
	 * this one included
	 */
	public long occurred() {
		return occurred(1);
	}

	/**
	 * Counts occurrences reported together (messages dropped in one go, say) and tells
	 * whether to log them.
	 * @param count how many occurred, positive
	 * @return 0 when they are suppressed; else how many occurred since the last logged
	 * ones, these included
	 */
	public long occurred(long count) {
		if (count <= 0) {
			throw new IllegalArgumentException("count must be positive but was " + count);
		}
		this.pending.addAndGet(count);
		long now = this.nanoClock.getAsLong();
		long last = this.lastLogged.get();
		if (now - last >= this.intervalNanos && this.lastLogged.compareAndSet(last, now)) {
			return this.pending.getAndSet(0);
		}
		return 0;
	}

	/**
	 * Takes the occurrences counted since the last logged one, for a final line when the
	 * caller stops.
	 * @return how many were suppressed and not reported yet
	 */
	public long drain() {
		return this.pending.getAndSet(0);
	}

}
