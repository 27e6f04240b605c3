package com.earnbase.redis.autoconfigure.boot3;

import java.util.List;

import com.earnbase.redis.RedisClientBuilder;
import com.earnbase.redis.autoconfigure.EarnbaseConnectionConfigured;
import com.earnbase.redis.autoconfigure.FollowedConnection;
import com.earnbase.redis.autoconfigure.RedisClientBuilderCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.core.env.Environment;

/**
 * Makes the earnbase client follow Boot's {@link RedisConnectionDetails} (e.g. a
 * Testcontainers service connection) when neither {@code earnbase.redis.url} nor
 * {@code earnbase.redis.cluster.nodes} is set.
 */
final class BootConnectionDetailsCustomizer implements RedisClientBuilderCustomizer {

	private final Environment environment;

	private final ObjectProvider<RedisConnectionDetails> details;

	BootConnectionDetailsCustomizer(Environment environment, ObjectProvider<RedisConnectionDetails> details) {
		this.environment = environment;
		this.details = details;
	}

	@Override
	public void customize(RedisClientBuilder builder) {
		if (EarnbaseConnectionConfigured.isConfigured(this.environment)) {
			return;
		}
		RedisConnectionDetails boot = this.details.getIfUnique();
		if (boot != null && !(boot instanceof EarnbaseRedisConnectionDetails)) {
			apply(builder, boot);
		}
	}

	private static void apply(RedisClientBuilder builder, RedisConnectionDetails boot) {
		if (boot.getCluster() != null) {
			List<String> nodes = boot.getCluster().getNodes().stream().map((n) -> n.host() + ":" + n.port()).toList();
			RedisConnectionDetails.Node first = boot.getCluster().getNodes().get(0);
			new FollowedConnection(nodes, null, List.of(), first.host(), first.port(), 0, boot.getUsername(),
					boot.getPassword(), boot.getCluster().getSslBundle())
				.applyTo(builder);
		}
		else if (boot.getSentinel() != null) {
			RedisConnectionDetails.Sentinel sentinel = boot.getSentinel();
			List<String> nodes = sentinel.getNodes().stream().map((n) -> n.host() + ":" + n.port()).toList();
			new FollowedConnection(List.of(), sentinel.getMaster(), nodes, null, 0, sentinel.getDatabase(),
					boot.getUsername(), boot.getPassword(), sentinel.getSslBundle())
				.applyTo(builder);
		}
		else {
			RedisConnectionDetails.Standalone standalone = boot.getStandalone();
			new FollowedConnection(List.of(), null, List.of(), standalone.getHost(), standalone.getPort(),
					standalone.getDatabase(), boot.getUsername(), boot.getPassword(), standalone.getSslBundle())
				.applyTo(builder);
		}
	}

}
