package com.earnbase.redis.autoconfigure;

import java.util.List;

import com.earnbase.redis.support.RedisUrls;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;

import org.springframework.boot.ssl.SslBundle;

/**
 * The earnbase client's connection ({@code earnbase.redis.*}) in plain values, as each
 * Boot line's bridge offers it to Boot's own Redis support through that line's connection
 * details: the counterpart of {@link FollowedConnection}. Exactly one of
 * {@link #standalone()}, {@link #sentinel()} and {@link #clusterNodes()} describes the
 * server.
 */
public final class OfferedConnection {

	private final RedisURI uri;

	private final List<Node> clusterNodes;

	private final SslBundle sslBundle;

	private final EarnbaseRedisProperties.Sentinel sentinelCredentials;

	/**
	 * Reads the connection from the properties.
	 * @param properties the client's properties
	 * @param sslBundle the bundle named by {@code earnbase.redis.ssl.bundle}, or null
	 */
	public OfferedConnection(EarnbaseRedisProperties properties, SslBundle sslBundle) {
		this.uri = RedisUrls.parse(EarnbaseRedisProperties.PREFIX + ".url", properties.getUrl());
		if (properties.getDb() != null) {
			this.uri.setDatabase(properties.getDb());
		}
		RedisUrls.setCredentials(this.uri, properties.getUsername(), properties.getPassword());
		this.clusterNodes = properties.getCluster().getNodes().stream().map(Node::parse).toList();
		this.sentinelCredentials = properties.getSentinel();
		// rediss:// without a bundle: TLS with the JDK's trusted CAs, as the earnbase
		// client does.
		this.sslBundle = (sslBundle != null) ? sslBundle : this.uri.isSsl() ? SslBundle.systemDefault() : null;
	}

	/**
	 * The data nodes' user.
	 * @return the user name, or null
	 */
	public String username() {
		RedisCredentials credentials = RedisUrls.credentials(this.uri);
		return (credentials != null) ? credentials.getUsername() : null;
	}

	/**
	 * The data nodes' password.
	 * @return the password, or null
	 */
	public String password() {
		RedisCredentials credentials = RedisUrls.credentials(this.uri);
		return (credentials != null && credentials.hasPassword()) ? new String(credentials.getPassword()) : null;
	}

	/**
	 * The TLS material.
	 * @return the bundle, or null without TLS
	 */
	public SslBundle sslBundle() {
		return this.sslBundle;
	}

	/**
	 * The single server.
	 * @return the server, or null for Sentinel or Cluster
	 */
	public Standalone standalone() {
		if (!this.clusterNodes.isEmpty() || !this.uri.getSentinels().isEmpty()) {
			return null;
		}
		return new Standalone(this.uri.getHost(), this.uri.getPort(), this.uri.getDatabase());
	}

	/**
	 * The Sentinel group.
	 * @return the group, or null when not Sentinel
	 */
	public Sentinel sentinel() {
		if (this.uri.getSentinels().isEmpty()) {
			return null;
		}
		List<Node> nodes = this.uri.getSentinels().stream().map((s) -> new Node(s.getHost(), s.getPort())).toList();
		return new Sentinel(this.uri.getSentinelMasterId(), nodes, this.uri.getDatabase(),
				this.sentinelCredentials.getUsername(), this.sentinelCredentials.getPassword());
	}

	/**
	 * The cluster's seed nodes.
	 * @return the nodes, empty when not a cluster
	 */
	public List<Node> clusterNodes() {
		return this.clusterNodes;
	}

	/** The server without credentials, for the details' {@code toString}. */
	@Override
	public String toString() {
		return this.clusterNodes.isEmpty() ? RedisUrls.redact(this.uri.toURI().toString())
				: "cluster " + this.clusterNodes.stream().map(Node::toString).toList();
	}

	/**
	 * A server's address.
	 *
	 * @param host the host
	 * @param port the port
	 */
	public record Node(String host, int port) {

		static Node parse(String hostPort) {
			int colon = hostPort.lastIndexOf(':');
			return new Node(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
		}

		@Override
		public String toString() {
			return this.host + ":" + this.port;
		}

	}

	/**
	 * A single server.
	 *
	 * @param host the host
	 * @param port the port
	 * @param database the database
	 */
	public record Standalone(String host, int port, int database) {

	}

	/**
	 * A Sentinel group.
	 *
	 * @param master the master's name
	 * @param nodes the Sentinels
	 * @param database the database
	 * @param username the user the Sentinels know
	 * ({@code earnbase.redis.sentinel.username}), or null
	 * @param password the Sentinels' password ({@code earnbase.redis.sentinel.password}),
	 * or null
	 */
	public record Sentinel(String master, List<Node> nodes, int database, String username, String password) {

		/** Without the password. */
		@Override
		public String toString() {
			return "Sentinel[master=" + this.master + ", nodes=" + this.nodes + ", database=" + this.database
					+ ", username=" + this.username + ", password=" + ((this.password != null) ? "****" : null) + "]";
		}

	}

}
