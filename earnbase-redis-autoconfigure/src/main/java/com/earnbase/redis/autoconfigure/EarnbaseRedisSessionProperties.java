package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.earnbase.redis.session.SessionStoreOptions;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/** Configuration of the session store, under {@code earnbase.redis.session}. */
@ConfigurationProperties(EarnbaseRedisSessionProperties.PREFIX)
public class EarnbaseRedisSessionProperties implements InitializingBean {

	/** The prefix of the session store properties. */
	public static final String PREFIX = EarnbaseRedisProperties.PREFIX + ".session";

	/** Whether to create the SessionStore bean. */
	private boolean enabled = true;

	/**
	 * Key namespace under the client's prefix; must not contain braces, which would move
	 * the keys' hash slot.
	 */
	private String namespace = SessionStoreOptions.DEFAULT_NAMESPACE;

	/**
	 * Time to live of a session; independent of earnbase.redis.ttl. A bare number means
	 * seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration ttl = SessionStoreOptions.DEFAULT_TTL;

	/** Whether reading a session renews its time to live. */
	private boolean sliding = SessionStoreOptions.DEFAULT_SLIDING;

	@Override
	public void afterPropertiesSet() {
		toOptions();
	}

	/**
	 * The session store's options.
	 * @return the options
	 * @throws InvalidRedisPropertyException naming the first invalid property
	 */
	public SessionStoreOptions toOptions() {
		return PropertyOptions.build(PREFIX, this,
				() -> new SessionStoreOptions(this.namespace, this.ttl, this.sliding), Map.of());
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

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public boolean isSliding() {
		return this.sliding;
	}

	public void setSliding(boolean sliding) {
		this.sliding = sliding;
	}

}
