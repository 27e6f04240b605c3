package com.earnbase.redis.autoconfigure.boot3;

import java.util.List;

import com.earnbase.redis.autoconfigure.EarnbaseRedisProperties;
import com.earnbase.redis.autoconfigure.OfferedConnection;

import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Boot's {@link RedisConnectionDetails} taken from {@code earnbase.redis.*}: URL or
 * cluster nodes, credentials (the Sentinels' too), TLS; Boot's {@code RedisTemplate},
 * Spring Cache and Spring Session then use the earnbase client's server.
 */
public final class EarnbaseRedisConnectionDetails implements RedisConnectionDetails {

	private final OfferedConnection connection;

	/**
	 * Creates the details.
	 * @param properties the client's properties
	 * @param sslBundle the bundle named by {@code earnbase.redis.ssl.bundle}, or null
	 */
	public EarnbaseRedisConnectionDetails(EarnbaseRedisProperties properties, SslBundle sslBundle) {
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
	public Standalone getStandalone() {
		OfferedConnection.Standalone standalone = this.connection.standalone();
		return (standalone != null) ? Standalone.of(standalone.host(), standalone.port(), standalone.database(),
				this.connection.sslBundle()) : null;
	}

	@Override
	public Sentinel getSentinel() {
		OfferedConnection.Sentinel sentinel = this.connection.sentinel();
		SslBundle ssl = this.connection.sslBundle();
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

			@Override
			public SslBundle getSslBundle() {
				return ssl;
			}

		} : null;
	}

	@Override
	public Cluster getCluster() {
		List<Node> nodes = nodes(this.connection.clusterNodes());
		SslBundle ssl = this.connection.sslBundle();
		return nodes.isEmpty() ? null : new Cluster() {

			@Override
			public List<Node> getNodes() {
				return nodes;
			}

			@Override
			public SslBundle getSslBundle() {
				return ssl;
			}

		};
	}

	private static List<Node> nodes(List<OfferedConnection.Node> nodes) {
		return nodes.stream().map((node) -> new Node(node.host(), node.port())).toList();
	}

	@Override
	public String toString() {
		return "EarnbaseRedisConnectionDetails[" + this.connection + "]";
	}

}
