package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.util.Map;

import com.earnbase.redis.lock.LockOptions;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Configuration of the distributed locks, under {@code earnbase.redis.lock}. */
@ConfigurationProperties(EarnbaseRedisLockProperties.PREFIX)
public class EarnbaseRedisLockProperties implements InitializingBean {

	/** The prefix of the lock properties. */
	public static final String PREFIX = EarnbaseRedisProperties.PREFIX + ".lock";

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

	@Override
	public void afterPropertiesSet() {
		toOptions();
	}

	/**
	 * The lock service's options.
	 * @return the options
	 * @throws InvalidRedisPropertyException naming the first invalid property
	 */
	public LockOptions toOptions() {
		return PropertyOptions.build(PREFIX, this, () -> new LockOptions(this.namespace, this.leaseTime,
				this.maxHoldTime, LockOptions.DEFAULT_POLL_INTERVAL), Map.of());
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

}
