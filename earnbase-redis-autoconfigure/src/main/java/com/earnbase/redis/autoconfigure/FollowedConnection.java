package com.earnbase.redis.autoconfigure;

import java.util.List;

import com.earnbase.redis.RedisClientBuilder;
import io.lettuce.core.RedisURI;

import org.springframework.boot.ssl.SslBundle;

/**
 * A connection Boot describes (its connection details, e.g. a Testcontainers service
 * connection) in plain values, so the bridge of each Boot line only maps its own types
 * and the client follows it the same way on every line.
 *
 * @param clusterNodes the cluster's {@code host:port} nodes, empty when not a cluster
 * @param sentinelMaster the Sentinel master name, or null when not Sentinel
 * @param sentinels the Sentinels' {@code host:port}, empty when not Sentinel
 * @param host the standalone host (for a cluster, the first node)
 * @param port the standalone port
 * @param database the database
 * @param username the user name, or null
 * @param password the password, or null
 * @param ssl the SSL bundle, or null without TLS
 */
public record FollowedConnection(List<String> clusterNodes, String sentinelMaster, List<String> sentinels, String host,
		int port, int database, String username, String password, SslBundle ssl) {

	/**
	 * Points the builder at this connection.
	 * @param builder the earnbase client's builder
	 */
	public void applyTo(RedisClientBuilder builder) {
		RedisURI.Builder uri;
		if (!this.clusterNodes.isEmpty()) {
			builder.clusterNodes(this.clusterNodes);
			uri = RedisURI.builder().withHost(this.host).withPort(this.port);
		}
		else if (this.sentinelMaster != null) {
			uri = RedisURI.builder().withSentinelMasterId(this.sentinelMaster).withDatabase(this.database);
			for (String sentinel : this.sentinels) {
				int colon = sentinel.lastIndexOf(':');
				uri.withSentinel(sentinel.substring(0, colon), Integer.parseInt(sentinel.substring(colon + 1)));
			}
		}
		else {
			uri = RedisURI.builder().withHost(this.host).withPort(this.port).withDatabase(this.database);
		}
		if (this.ssl != null) {
			builder.ssl(this.ssl.getManagers().getTrustManagerFactory(), this.ssl.getManagers().getKeyManagerFactory());
		}
		if (this.password != null) {
			if (this.username != null) {
				uri.withAuthentication(this.username, this.password);
			}
			else {
				uri.withPassword(this.password.toCharArray());
			}
		}
		// In the URL, so earnbase.redis.username/password still override Boot's
		// credentials.
		builder.url(uri.build().toURI().toString());
	}

}
