package com.earnbase.redis.lock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.earnbase.redis.support.Arguments;

/**
 * A lock held through a {@link RedisLockService}. It moves once from HELD to RELEASED (by
 * its holder) or to LOST (found expired or taken); the watchdog renews it only while
 * HELD. It also counts as LOST once the lease it last set has run out by the local clock,
 * measured from when that command was sent (so never later than Redis's own expiry): a
 * holder cut off from Redis is told by the time another owner can take the lock, without
 * reaching Redis.
 */
final class RedisLockHandle implements LockHandle {

	private enum State {

		HELD, RELEASED, LOST

	}

	private final RedisLockService service;

	private final String key;

	private final LockKeys keys;

	private final String id;

	private final long fencingToken;

	private final boolean watchdog;

	private final long acquiredNanos;

	private final AtomicReference<State> state = new AtomicReference<>(State.HELD);

	private final AtomicBoolean leaseLostFired = new AtomicBoolean();

	private final AtomicBoolean maxHoldReached = new AtomicBoolean();

	private final List<Once> listeners = new CopyOnWriteArrayList<>();

	private volatile long leaseMillis;

	/**
	 * When the lease last set by this handle ends at the latest, by
	 * {@link System#nanoTime()}.
	 */
	private volatile long leaseEndNanos;

	private volatile Future<?> renewal;

	/**
	 * Declares the lease lost at its end unless a renewal moved the end first; separate
	 * from a renewal in flight.
	 */
	private volatile Future<?> leaseEndCheck;

	RedisLockHandle(RedisLockService service, String key, LockKeys keys, String id, long fencingToken, long leaseMillis,
			boolean watchdog, long acquiredNanos) {
		this.service = service;
		this.key = key;
		this.keys = keys;
		this.id = id;
		this.fencingToken = fencingToken;
		this.leaseMillis = leaseMillis;
		this.watchdog = watchdog;
		this.acquiredNanos = acquiredNanos;
		this.leaseEndNanos = acquiredNanos + TimeUnit.MILLISECONDS.toNanos(leaseMillis);
	}

	@Override
	public String key() {
		return this.key;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public long fencingToken() {
		return this.fencingToken;
	}

	@Override
	public boolean isHeld() {
		if (this.state.get() != State.HELD) {
			return false;
		}
		if (leaseOver()) {
			leaseLost();
			return false;
		}
		boolean ours = this.service.owns(this.keys, this.id);
		if (!ours) {
			leaseLost();
		}
		return ours;
	}

	@Override
	public boolean extend(Duration leaseTime) {
		long millis = Arguments.requirePositive("leaseTime", leaseTime).toMillis();
		if (this.state.get() != State.HELD) {
			return false;
		}
		long sent = System.nanoTime();
		RedisLockService.Extension extension = this.service.extend(this.keys, this.id, millis);
		if (extension == RedisLockService.Extension.EXTENDED) {
			this.leaseMillis = millis;
			this.leaseEndNanos = sent + TimeUnit.MILLISECONDS.toNanos(millis);
			if (this.watchdog) {
				watchLeaseEnd();
			}
			return true;
		}
		// Not ours, or not acknowledged by enough replicas (then the service releases
		// it).
		leaseLost();
		return false;
	}

	@Override
	public void release() {
		releaseIfHeld();
	}

	@Override
	public void close() {
		releaseIfHeld();
	}

	/**
	 * Releases the lock unless this handle already did.
	 * @return true when the lock was ours and is released now
	 */
	boolean releaseIfHeld() {
		State previous = this.state.getAndSet(State.RELEASED);
		if (previous == State.RELEASED) {
			return false;
		}
		if (previous == State.LOST) {
			// Lost was already reported; the lock is someone else's or gone, so there is
			// nothing to delete.
			return false;
		}
		stop();
		boolean released = this.service.releaseOwned(this.keys, this.id);
		if (!released) {
			fireLeaseLost();
		}
		return released;
	}

	@Override
	public void onLeaseLost(Runnable listener) {
		Once once = new Once(Arguments.requireNonNull("listener", listener));
		this.listeners.add(once);
		if (this.leaseLostFired.get()) {
			once.run();
		}
	}

	/** Starts the watchdog when this lock has one. */
	void startRenewal() {
		if (this.watchdog) {
			watchLeaseEnd();
			scheduleRenewal();
		}
	}

	/** Stops renewing without touching Redis: the lock expires with its lease. */
	void abandon() {
		if (this.state.compareAndSet(State.HELD, State.RELEASED)) {
			stop();
		}
	}

	private void scheduleRenewal() {
		if (this.state.get() == State.HELD) {
			// Never later than the lease end, so that a lease running out unrenewed is
			// reported on time.
			long untilEnd = TimeUnit.NANOSECONDS.toMillis(this.leaseEndNanos - System.nanoTime());
			this.renewal = this.service.schedule(this::renew, Math.max(1, Math.min(this.leaseMillis / 3, untilEnd)));
		}
	}

	private void watchLeaseEnd() {
		Future<?> previous = this.leaseEndCheck;
		if (previous != null) {
			previous.cancel(false);
		}
		if (this.state.get() == State.HELD) {
			long untilEnd = TimeUnit.NANOSECONDS.toMillis(this.leaseEndNanos - System.nanoTime()) + 1;
			// Every move of the lease end schedules a new check, so a check that finds
			// the lease still running is
			// a stale one (it raced with that move) and has nothing to do.
			this.leaseEndCheck = this.service.schedule(() -> {
				if (leaseOver()) {
					leaseLost();
				}
			}, Math.max(1, untilEnd));
		}
	}

	private boolean leaseOver() {
		return System.nanoTime() - this.leaseEndNanos >= 0;
	}

	/**
	 * One watchdog round: renews the lease, or once the maximum hold time is over only
	 * checks that the lock is still ours, so that its loss on expiry is reported. Runs on
	 * the watchdog thread; Redis answers asynchronously.
	 */
	private void renew() {
		if (this.state.get() != State.HELD) {
			return;
		}
		if (leaseOver()) {
			// Not renewed in time (Redis unreachable, or the maximum hold time reached):
			// it may be another's now.
			leaseLost();
			return;
		}
		long sent = System.nanoTime();
		boolean overMaxHold = System.nanoTime() - this.acquiredNanos >= this.service.maxHoldNanos();
		if (overMaxHold && this.maxHoldReached.compareAndSet(false, true)) {
			this.service.logMaxHoldReached(this.fencingToken);
		}
		this.service.renewOrCheck(this.keys, this.id, overMaxHold ? 0 : this.leaseMillis)
			.whenComplete((ours, error) -> {
				if (error != null) {
					this.service.logRenewalFailed(this.fencingToken, error);
					scheduleRenewal();
				}
				else if (ours) {
					if (!overMaxHold) {
						this.leaseEndNanos = sent + TimeUnit.MILLISECONDS.toNanos(this.leaseMillis);
						watchLeaseEnd();
					}
					this.service.logRenewed(this.key, this.fencingToken, overMaxHold);
					scheduleRenewal();
				}
				else {
					// Off the Redis event loop: listeners are user code.
					this.service.execute(this::leaseLost);
				}
			});
	}

	private void leaseLost() {
		if (this.state.compareAndSet(State.HELD, State.LOST)) {
			stop();
			fireLeaseLost();
		}
	}

	private void stop() {
		Future<?> scheduled = this.renewal;
		if (scheduled != null) {
			scheduled.cancel(false);
		}
		Future<?> check = this.leaseEndCheck;
		if (check != null) {
			check.cancel(false);
		}
		this.service.stopped(this, this.acquiredNanos);
	}

	private void fireLeaseLost() {
		if (this.leaseLostFired.compareAndSet(false, true)) {
			this.service.leaseLost(this.fencingToken);
			this.listeners.forEach(Once::run);
		}
	}

	@Override
	public String toString() {
		// Neither the id (a secret) nor the key (kept out of logs above DEBUG).
		return "LockHandle[fencingToken=" + this.fencingToken + ", state=" + this.state.get() + "]";
	}

	/** A listener that runs at most once even when registration and loss race. */
	private final class Once implements Runnable {

		private final Runnable listener;

		private final AtomicBoolean ran = new AtomicBoolean();

		Once(Runnable listener) {
			this.listener = listener;
		}

		@Override
		public void run() {
			if (this.ran.compareAndSet(false, true)) {
				try {
					this.listener.run();
				}
				catch (RuntimeException ex) {
					RedisLockHandle.this.service.logListenerFailed(RedisLockHandle.this.fencingToken, ex);
				}
			}
		}

	}

}
