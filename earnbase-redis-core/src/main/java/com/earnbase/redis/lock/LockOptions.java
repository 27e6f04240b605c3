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
 * @param replicasToAck how many replicas must acknowledge an acquisition or an extension
 * ({@code WAIT}) before it counts; 0 (the default) does not wait for replicas
 * @param replicasAckTimeout how long to wait for those acknowledgements ({@code WAIT}'s
 * timeout); used only when {@code replicasToAck} is positive
 */
public record LockOptions(String namespace, Duration leaseTime, Duration maxHoldTime, Duration pollInterval,
		int replicasToAck, Duration replicasAckTimeout) {

	/** The default namespace. */
	public static final String DEFAULT_NAMESPACE = "lock";

	/** The default lease time. */
	public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(30);

	/** The default maximum hold time. */
	public static final Duration DEFAULT_MAX_HOLD_TIME = Duration.ofMinutes(10);

	/** The default poll interval. */
	public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);

	/** The default number of replicas that must acknowledge: none. */
	public static final int DEFAULT_REPLICAS_TO_ACK = 0;

	/** The default bound of the wait for replica acknowledgements. */
	public static final Duration DEFAULT_REPLICAS_ACK_TIMEOUT = Duration.ofMillis(100);

	/**
	 * Checks the settings.
	 * @param namespace the namespace
	 * @param leaseTime the lease time
	 * @param maxHoldTime the maximum hold time
	 * @param pollInterval the poll interval
	 * @param replicasToAck how many replicas must acknowledge, at least 0
	 * @param replicasAckTimeout the bound of the wait for them, positive
	 */
	public LockOptions {
		Arguments.requireText("namespace", namespace);
		Arguments.requirePositive("leaseTime", leaseTime);
		Arguments.requirePositive("maxHoldTime", maxHoldTime);
		Arguments.requirePositive("pollInterval", pollInterval);
		if (replicasToAck < 0) {
			throw new IllegalArgumentException("replicasToAck must not be negative, was " + replicasToAck);
		}
		Arguments.requirePositive("replicasAckTimeout", replicasAckTimeout);
	}

	/**
	 * Settings that do not wait for replicas ({@value #DEFAULT_REPLICAS_TO_ACK} replicas
	 * to acknowledge).
	 * @param namespace the namespace
	 * @param leaseTime the lease time
	 * @param maxHoldTime the maximum hold time
	 * @param pollInterval the poll interval
	 */
	public LockOptions(String namespace, Duration leaseTime, Duration maxHoldTime, Duration pollInterval) {
		this(namespace, leaseTime, maxHoldTime, pollInterval, DEFAULT_REPLICAS_TO_ACK, DEFAULT_REPLICAS_ACK_TIMEOUT);
	}

	/**
	 * The defaults: namespace {@code lock}, lease 30 s, maximum hold 10 min, poll
	 * interval 100 ms, no replica acknowledgement (timeout 100 ms when enabled).
	 * @return the default options
	 */
	public static LockOptions defaults() {
		return new LockOptions(DEFAULT_NAMESPACE, DEFAULT_LEASE_TIME, DEFAULT_MAX_HOLD_TIME, DEFAULT_POLL_INTERVAL,
				DEFAULT_REPLICAS_TO_ACK, DEFAULT_REPLICAS_ACK_TIMEOUT);
	}

	/**
	 * A copy with another namespace.
	 * @param namespace the namespace
	 * @return the new options
	 */
	public LockOptions withNamespace(String namespace) {
		return new LockOptions(namespace, this.leaseTime, this.maxHoldTime, this.pollInterval, this.replicasToAck,
				this.replicasAckTimeout);
	}

	/**
	 * A copy with another lease time.
	 * @param leaseTime the lease time
	 * @return the new options
	 */
	public LockOptions withLeaseTime(Duration leaseTime) {
		return new LockOptions(this.namespace, leaseTime, this.maxHoldTime, this.pollInterval, this.replicasToAck,
				this.replicasAckTimeout);
	}

	/**
	 * A copy with another maximum hold time.
	 * @param maxHoldTime the maximum hold time
	 * @return the new options
	 */
	public LockOptions withMaxHoldTime(Duration maxHoldTime) {
		return new LockOptions(this.namespace, this.leaseTime, maxHoldTime, this.pollInterval, this.replicasToAck,
				this.replicasAckTimeout);
	}

	/**
	 * A copy with another poll interval.
	 * @param pollInterval the poll interval
	 * @return the new options
	 */
	public LockOptions withPollInterval(Duration pollInterval) {
		return new LockOptions(this.namespace, this.leaseTime, this.maxHoldTime, pollInterval, this.replicasToAck,
				this.replicasAckTimeout);
	}

	/**
	 * A copy that waits for another number of replica acknowledgements after each
	 * acquisition and extension.
	 * @param replicasToAck how many replicas must acknowledge; 0 does not wait
	 * @return the new options
	 */
	public LockOptions withReplicasToAck(int replicasToAck) {
		return new LockOptions(this.namespace, this.leaseTime, this.maxHoldTime, this.pollInterval, replicasToAck,
				this.replicasAckTimeout);
	}

	/**
	 * A copy with another bound of the wait for replica acknowledgements.
	 * @param replicasAckTimeout the bound, positive
	 * @return the new options
	 */
	public LockOptions withReplicasAckTimeout(Duration replicasAckTimeout) {
		return new LockOptions(this.namespace, this.leaseTime, this.maxHoldTime, this.pollInterval, this.replicasToAck,
				replicasAckTimeout);
	}

}
