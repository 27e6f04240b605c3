package com.earnbase.redis.session;

import java.time.Duration;

import com.earnbase.redis.support.Arguments;

/**
 * Settings of a {@link RedisSessionStore}.
 *
 * @param namespace the key namespace under the client's prefix, default {@code session};
 * it must not contain braces, which would change the hash slot of the keys
 * @param ttl how long a session lives after its creation or last renewal, default 30
 * minutes
 * @param sliding whether reading a session ({@code get}, {@code find}) renews its time to
 * live, default true
 */
public record SessionStoreOptions(String namespace, Duration ttl, boolean sliding) {

	/** The default namespace. */
	public static final String DEFAULT_NAMESPACE = "session";

	/** The default time to live. */
	public static final Duration DEFAULT_TTL = Duration.ofMinutes(30);

	/** Whether reads renew the time to live by default. */
	public static final boolean DEFAULT_SLIDING = true;

	/**
	 * Checks the settings.
	 * @param namespace the key namespace
	 * @param ttl the time to live
	 * @param sliding whether reads renew the time to live
	 */
	public SessionStoreOptions {
		Arguments.requireText("namespace", namespace);
		if (namespace.indexOf('{') >= 0 || namespace.indexOf('}') >= 0) {
			throw new IllegalArgumentException("namespace must not contain '{' or '}' but was '" + namespace + "'");
		}
		Arguments.requirePositive("ttl", ttl);
	}

	/**
	 * The defaults: namespace {@code session}, 30 minutes, sliding.
	 * @return the default options
	 */
	public static SessionStoreOptions defaults() {
		return new SessionStoreOptions(DEFAULT_NAMESPACE, DEFAULT_TTL, DEFAULT_SLIDING);
	}

	/**
	 * These options with another namespace.
	 * @param namespace the namespace
	 * @return new options
	 */
	public SessionStoreOptions withNamespace(String namespace) {
		return new SessionStoreOptions(namespace, this.ttl, this.sliding);
	}

	/**
	 * These options with another time to live.
	 * @param ttl the time to live
	 * @return new options
	 */
	public SessionStoreOptions withTtl(Duration ttl) {
		return new SessionStoreOptions(this.namespace, ttl, this.sliding);
	}

	/**
	 * These options with sliding renewal on or off.
	 * @param sliding whether reads renew the time to live
	 * @return new options
	 */
	public SessionStoreOptions withSliding(boolean sliding) {
		return new SessionStoreOptions(this.namespace, this.ttl, sliding);
	}

}
