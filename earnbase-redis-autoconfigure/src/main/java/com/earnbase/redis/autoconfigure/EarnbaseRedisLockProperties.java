package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.util.Map;

import com.earnbase.redis.lock.LockOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Configuration of the distributed locks, under {@code earnbase.redis.lock}. */
@ConfigurationProperties(EarnbaseRedisLockProperties.PREFIX)
public class EarnbaseRedisLockProperties implements InitializingBean {

	/** The prefix of the lock properties. */
	public static final String PREFIX = EarnbaseRedisProperties.PREFIX + ".lock";

	private static final Logger logger = LoggerFactory.getLogger(EarnbaseRedisLockProperties.class);

	/** Whether to create the LockService bean. */
	private boolean enabled = true;

	/** Key namespace under the client's prefix. */
	private String namespace = LockOptions.DEFAULT_NAMESPACE;

	/**
	 * Lease of a lock taken without one; the watchdog renews it every third of this while
	 * it is held.
	 */
	private Duration leaseTime = LockOptions.DEFAULT_LEASE_TIME;

	/**
	 * Hard ceiling on how long the watchdog keeps renewing one holder's lock, so a hung
	 * holder cannot keep it.
	 */
	private Duration maxHoldTime = LockOptions.DEFAULT_MAX_HOLD_TIME;

	/**
	 * How many replicas must acknowledge an acquisition or extension (WAIT) before it
	 * counts; when fewer do within replicas-ack-timeout, the lock is released and the
	 * acquire retried within its wait time. 0 does not wait for replicas.
	 */
	private int replicasToAck = LockOptions.DEFAULT_REPLICAS_TO_ACK;

	/**
	 * How long to wait for the replica acknowledgements (WAIT's timeout), shorter than
	 * the command timeout; used only when replicas-to-ack is above 0.
	 */
	private Duration replicasAckTimeout = LockOptions.DEFAULT_REPLICAS_ACK_TIMEOUT;

	@Override
	public void afterPropertiesSet() {
		toOptions();
		if (this.replicasToAck == 0 && !LockOptions.DEFAULT_REPLICAS_ACK_TIMEOUT.equals(this.replicasAckTimeout)) {
			logger.atWarn()
				.addKeyValue("property", PREFIX + ".replicas-ack-timeout")
				.log("{}.replicas-ack-timeout has no effect while {}.replicas-to-ack is 0", PREFIX, PREFIX);
		}
	}

	/**
	 * The lock service's options.
	 * @return the options
	 * @throws InvalidRedisPropertyException naming the first invalid property
	 */
	public LockOptions toOptions() {
		return PropertyOptions.build(PREFIX, this, () -> new LockOptions(this.namespace, this.leaseTime,
				this.maxHoldTime, LockOptions.DEFAULT_POLL_INTERVAL, this.replicasToAck, this.replicasAckTimeout),
				Map.of());
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public Duration getLeaseTime() {
		return this.leaseTime;
	}

	public void setLeaseTime(Duration leaseTime) {
		this.leaseTime = leaseTime;
	}

	public Duration getMaxHoldTime() {
		return this.maxHoldTime;
	}

	public void setMaxHoldTime(Duration maxHoldTime) {
		this.maxHoldTime = maxHoldTime;
	}

	public int getReplicasToAck() {
		return this.replicasToAck;
	}

	public void setReplicasToAck(int replicasToAck) {
		this.replicasToAck = replicasToAck;
	}

	public Duration getReplicasAckTimeout() {
		return this.replicasAckTimeout;
	}

	public void setReplicasAckTimeout(Duration replicasAckTimeout) {
		this.replicasAckTimeout = replicasAckTimeout;
	}

}
