package com.earnbase.redis.failover;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One master crash as the failover tests saw it: when the master was killed and when the
 * deployment reported its replica promoted ({@link System#nanoTime()}), with the bounds
 * the guarantees are checked against.
 *
 * @param killedAt when the master was killed
 * @param promotedAt when every Sentinel or cluster node named the promoted replica
 * @param recovery how long after the promotion calls may still fail; after it every call
 * must succeed
 * @param replicationBound how old an acknowledged write must be at the crash to be
 * required to survive it (Redis replicates asynchronously)
 */
record Failover(long killedAt, long promotedAt, Duration recovery, Duration replicationBound) {

	/**
	 * The end of the outage: the promotion plus the recovery bound.
	 * @return the instant
	 */
	long outageEnd() {
		return this.promotedAt + this.recovery.toNanos();
	}

	/**
	 * Whether a call that ran from {@code start} to {@code end} overlapped the outage, so
	 * that it may have failed.
	 * @param start when the call started
	 * @param end when it returned or threw
	 * @return true when it may have failed
	 */
	boolean overlapsOutage(long start, long end) {
		return end >= this.killedAt && start <= outageEnd();
	}

	/**
	 * Whether a write acknowledged at this instant must survive the crash: it was
	 * acknowledged more than the replication bound before it.
	 * @param ackedAt when the write was acknowledged
	 * @return true when it must survive
	 */
	boolean mustSurvive(long ackedAt) {
		return ackedAt < this.killedAt - this.replicationBound.toNanos();
	}

	/**
	 * Milliseconds from the crash to an instant (negative before it).
	 * @param instant the instant
	 * @return the milliseconds
	 */
	long millisAfterKill(long instant) {
		return TimeUnit.NANOSECONDS.toMillis(instant - this.killedAt);
	}

	/**
	 * Milliseconds from the promotion to an instant (negative before it).
	 * @param instant the instant
	 * @return the milliseconds
	 */
	long millisAfterPromotion(long instant) {
		return TimeUnit.NANOSECONDS.toMillis(instant - this.promotedAt);
	}

}
