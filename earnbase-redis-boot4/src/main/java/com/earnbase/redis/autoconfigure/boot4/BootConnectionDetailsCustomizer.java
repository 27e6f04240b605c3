package com.earnbase.redis.autoconfigure.boot4;

import java.util.List;

import com.earnbase.redis.autoconfigure.BootConnectionFollower;
import com.earnbase.redis.autoconfigure.FollowedConnection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.core.env.Environment;

/**
 * Makes the earnbase client follow Boot's {@link DataRedisConnectionDetails} (e.g. a
 * Testcontainers 2 service connection) when neither {@code earnbase.redis.url} nor
 * {@code earnbase.redis.cluster.nodes} is set.
 */
final class BootConnectionDetailsCustomizer extends BootConnectionFollower<DataRedisConnectionDetails> {

	BootConnectionDetailsCustomizer(Environment environment, ObjectProvider<DataRedisConnectionDetails> details) {
		super(environment, details, EarnbaseDataRedisConnectionDetails.class);
	}

	@Override
	protected FollowedConnection follow(DataRedisConnectionDetails boot) {
		if (boot.getMasterReplica() != null) {
			// The client has no static master/replica mode; one node of the list could be
			// a read-only replica.
			throw new IllegalStateException("Spring Boot's Redis connection details describe a static master/replica "
					+ "setup, which the earnbase client does not support: set earnbase.redis.url (or "
					+ "earnbase.redis.cluster.nodes) to the master");
		}
		if (boot.getCluster() != null) {
			List<DataRedisConnectionDetails.Node> nodes = boot.getCluster().getNodes();
			return new FollowedConnection(hostPorts(nodes), null, List.of(), nodes.get(0).host(), nodes.get(0).port(),
					0, boot.getUsername(), boot.getPassword(), boot.getSslBundle());
		}
		if (boot.getSentinel() != null) {
			DataRedisConnectionDetails.Sentinel sentinel = boot.getSentinel();
			return new FollowedConnection(List.of(), sentinel.getMaster(), hostPorts(sentinel.getNodes()), null, 0,
					sentinel.getDatabase(), boot.getUsername(), boot.getPassword(), boot.getSslBundle());
		}
		DataRedisConnectionDetails.Standalone standalone = boot.getStandalone();
		return new FollowedConnection(List.of(), null, List.of(), standalone.getHost(), standalone.getPort(),
				standalone.getDatabase(), boot.getUsername(), boot.getPassword(), boot.getSslBundle());
	}

	private static List<String> hostPorts(List<DataRedisConnectionDetails.Node> nodes) {
		return nodes.stream().map((node) -> node.host() + ":" + node.port()).toList();
	}

}
