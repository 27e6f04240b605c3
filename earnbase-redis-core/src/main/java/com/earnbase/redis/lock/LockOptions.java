package com.earnbase.redis.lock;

import java.time.Duration;

import com.earnbase.redis.support.Arguments;

/**
 * Settings of a {@link RedisLockService}.
 *
 * @param namespace key namespace under the client's prefix, e.g. {@code lock}
 * @param leaseTime lease of locks taken without one; the watchdog renews it every third
 * of this while held
 * @param maxHoldTime how long the watchdog keeps renewing one acquisition, so a hung
 * holder cannot keep a lock
 * @param pollInterval longest pause between two attempts of a waiter when no release
 * notification arrives
 */
public record LockOptions(String namespace, Duration leaseTime, Duration maxHoldTime, Duration pollInterval) {

	/** The default namespace. */
	public static final String DEFAULT_NAMESPACE = "lock";

	/** The default lease time. */
	public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(30);

	/** The default maximum hold time. */
	public static final Duration DEFAULT_MAX_HOLD_TIME = Duration.ofMinutes(10);

	/** The default poll interval. */
	public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);

	/**
	 * Checks the settings.
	 * @param namespace the namespace
	 * @param leaseTime the lease time
	 * @param maxHoldTime the maximum hold time
	 * @param pollInterval the poll interval
	 */
	public LockOptions {
		Arguments.requireText("namespace", namespace);
		Arguments.requirePositive("leaseTime", leaseTime);
		Arguments.requirePositive("maxHoldTime", maxHoldTime);
		Arguments.requirePositive("pollInterval", pollInterval);
	}

	/**
	 * The defaults: namespace {@code lock}, lease 30 s, maximum hold 10 min, poll
	 * interval 100 ms.
	 * @return the default options
	 */
	public static LockOptions defaults() {
		return new LockOptions(DEFAULT_NAMESPACE, DEFAULT_LEASE_TIME, DEFAULT_MAX_HOLD_TIME, DEFAULT_POLL_INTERVAL);
	}

	/**
	 * A copy with another namespace.
	 * @param namespace the namespace
	 * @return the new options
	 */
	public LockOptions withNamespace(String namespace) {
		return new LockOptions(namespace, this.leaseTime, this.maxHoldTime, this.pollInterval);
	}

	/**
	 * A copy with another lease time.
	 * @param leaseTime the lease time
	 * @return the new options
	 */
	public LockOptions withLeaseTime(Duration leaseTime) {
		return new LockOptions(this.namespace, leaseTime, this.maxHoldTime, this.pollInterval);
	}

	/**
	 * A copy with another maximum hold time.
	 * @param maxHoldTime the maximum hold time
	 * @return the new options
	 */
	public LockOptions withMaxHoldTime(Duration maxHoldTime) {
		return new LockOptions(this.namespace, this.leaseTime, maxHoldTime, this.pollInterval);
	}

	/**
	 * A copy with another poll interval.
	 * @param pollInterval the poll interval
	 * @return the new options
	 */
	public LockOptions withPollInterval(Duration pollInterval) {
		return new LockOptions(this.namespace, this.leaseTime, this.maxHoldTime, pollInterval);
	}

}
