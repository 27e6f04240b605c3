package com.earnbase.redis.autoconfigure.boot4;

import java.util.List;

import com.earnbase.redis.autoconfigure.EarnbaseRedisProperties;
import com.earnbase.redis.autoconfigure.OfferedConnection;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Boot 4's {@link DataRedisConnectionDetails} taken from {@code earnbase.redis.*}: URL or
 * cluster nodes, credentials (the Sentinels' too), TLS; Boot's {@code RedisTemplate},
 * Spring Cache and Spring Session then use the earnbase client's server.
 */
public final class EarnbaseDataRedisConnectionDetails implements DataRedisConnectionDetails {

	private final OfferedConnection connection;

	/**
	 * Creates the details.
	 * @param properties the client's properties
	 * @param sslBundle the bundle named by {@code earnbase.redis.ssl.bundle}, or null
	 */
	public EarnbaseDataRedisConnectionDetails(EarnbaseRedisProperties properties, SslBundle sslBundle) {
		this.connection = new OfferedConnection(properties, sslBundle);
	}

	@Override
	public String getUsername() {
		return this.connection.username();
	}

	@Override
	public String getPassword() {
		return this.connection.password();
	}

	@Override
	public SslBundle getSslBundle() {
		return this.connection.sslBundle();
	}

	@Override
	public Standalone getStandalone() {
		OfferedConnection.Standalone standalone = this.connection.standalone();
		return (standalone != null) ? Standalone.of(standalone.host(), standalone.port(), standalone.database()) : null;
	}

	@Override
	public Sentinel getSentinel() {
		OfferedConnection.Sentinel sentinel = this.connection.sentinel();
		return (sentinel != null) ? new Sentinel() {

			@Override
			public int getDatabase() {
				return sentinel.database();
			}

			@Override
			public String getMaster() {
				return sentinel.master();
			}

			@Override
			public List<Node> getNodes() {
				return nodes(sentinel.nodes());
			}

			@Override
			public String getUsername() {
				return sentinel.username();
			}

			@Override
			public String getPassword() {
				return sentinel.password();
			}

		} : null;
	}

	@Override
	public Cluster getCluster() {
		List<Node> nodes = nodes(this.connection.clusterNodes());
		return nodes.isEmpty() ? null : () -> nodes;
	}

	private static List<Node> nodes(List<OfferedConnection.Node> nodes) {
		return nodes.stream().map((node) -> new Node(node.host(), node.port())).toList();
	}

	@Override
	public String toString() {
		return "EarnbaseDataRedisConnectionDetails[" + this.connection + "]";
	}

}
