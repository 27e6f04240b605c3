package com.earnbase.redis.autoconfigure.boot3;

import java.util.List;

import com.earnbase.redis.autoconfigure.BootConnectionFollower;
import com.earnbase.redis.autoconfigure.FollowedConnection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.core.env.Environment;

/**
 * Makes the earnbase client follow Boot's {@link RedisConnectionDetails} (e.g. a
 * Testcontainers service connection) when neither {@code earnbase.redis.url} nor
 * {@code earnbase.redis.cluster.nodes} is set.
 */
final class BootConnectionDetailsCustomizer extends BootConnectionFollower<RedisConnectionDetails> {

	BootConnectionDetailsCustomizer(Environment environment, ObjectProvider<RedisConnectionDetails> details) {
		super(environment, details, EarnbaseRedisConnectionDetails.class);
	}

	@Override
	protected FollowedConnection follow(RedisConnectionDetails boot) {
		if (boot.getCluster() != null) {
			List<String> nodes = boot.getCluster().getNodes().stream().map((n) -> n.host() + ":" + n.port()).toList();
			RedisConnectionDetails.Node first = boot.getCluster().getNodes().get(0);
			return new FollowedConnection(nodes, null, List.of(), first.host(), first.port(), 0, boot.getUsername(),
					boot.getPassword(), boot.getCluster().getSslBundle());
		}
		if (boot.getSentinel() != null) {
			RedisConnectionDetails.Sentinel sentinel = boot.getSentinel();
			List<String> nodes = sentinel.getNodes().stream().map((n) -> n.host() + ":" + n.port()).toList();
			return new FollowedConnection(List.of(), sentinel.getMaster(), nodes, null, 0, sentinel.getDatabase(),
					boot.getUsername(), boot.getPassword(), sentinel.getSslBundle());
		}
		RedisConnectionDetails.Standalone standalone = boot.getStandalone();
		return new FollowedConnection(List.of(), null, List.of(), standalone.getHost(), standalone.getPort(),
				standalone.getDatabase(), boot.getUsername(), boot.getPassword(), standalone.getSslBundle());
	}

}
