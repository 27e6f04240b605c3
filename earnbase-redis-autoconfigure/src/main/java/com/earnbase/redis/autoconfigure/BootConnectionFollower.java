package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.RedisClientBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;

/**
 * Makes the earnbase client follow Boot's Redis connection details (e.g. a Testcontainers
 * service connection) when neither {@code earnbase.redis.url} nor
 * {@code earnbase.redis.cluster.nodes} is set, and when they are not the ones the bridge
 * made from those properties. Each Boot line's bridge reads its own details type.
 *
 * @param <D> the Boot line's connection details type
 */
public abstract class BootConnectionFollower<D> implements RedisClientBuilderCustomizer {

	private final Environment environment;

	private final ObjectProvider<D> details;

	private final Class<? extends D> offered;

	/**
	 * Creates the customizer.
	 * @param environment the environment, for the earnbase connection properties
	 * @param details Boot's connection details
	 * @param offered the bridge's own details type, which the client never follows
	 */
	protected BootConnectionFollower(Environment environment, ObjectProvider<D> details, Class<? extends D> offered) {
		this.environment = environment;
		this.details = details;
		this.offered = offered;
	}

	@Override
	public final void customize(RedisClientBuilder builder) {
		if (EarnbaseConnectionConfigured.isConfigured(this.environment)) {
			return;
		}
		D boot = this.details.getIfUnique();
		if (boot != null && !this.offered.isInstance(boot)) {
			follow(boot).applyTo(builder);
		}
	}

	/**
	 * The connection Boot's details describe.
	 * @param boot the details
	 * @return the connection in plain values
	 */
	protected abstract FollowedConnection follow(D boot);

}
