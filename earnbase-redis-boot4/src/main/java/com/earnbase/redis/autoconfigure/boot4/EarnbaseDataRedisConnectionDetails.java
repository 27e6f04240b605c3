package com.earnbase.redis.autoconfigure.boot4;

import java.util.List;

import com.earnbase.redis.autoconfigure.EarnbaseRedisProperties;
import com.earnbase.redis.support.RedisUrls;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Boot 4's {@link DataRedisConnectionDetails} taken from {@code earnbase.redis.*}: URL or
 * cluster nodes, credentials, TLS; Boot's {@code RedisTemplate}, Spring Cache and Spring
 * Session then use the earnbase client's server.
 */
public final class EarnbaseDataRedisConnectionDetails implements DataRedisConnectionDetails {

	private final RedisURI uri;

	private final List<String> clusterNodes;

	private final SslBundle sslBundle;

	/**
	 * Creates the details.
	 * @param properties the client's properties
	 * @param sslBundle the bundle named by {@code earnbase.redis.ssl.bundle}, or null
	 */
	public EarnbaseDataRedisConnectionDetails(EarnbaseRedisProperties properties, SslBundle sslBundle) {
		this.uri = RedisUrls.parse(EarnbaseRedisProperties.PREFIX + ".url", properties.getUrl());
		if (properties.getDb() != null) {
			this.uri.setDatabase(properties.getDb());
		}
		RedisUrls.setCredentials(this.uri, properties.getUsername(), properties.getPassword());
		this.clusterNodes = properties.getCluster().getNodes();
		// rediss:// without a bundle: TLS with the JDK's trusted CAs, as the earnbase
		// client does.
		this.sslBundle = (sslBundle != null) ? sslBundle : this.uri.isSsl() ? SslBundle.systemDefault() : null;
	}

	@Override
	public String getUsername() {
		RedisCredentials credentials = RedisUrls.credentials(this.uri);
		return (credentials != null) ? credentials.getUsername() : null;
	}

	@Override
	public String getPassword() {
		RedisCredentials credentials = RedisUrls.credentials(this.uri);
		return (credentials != null && credentials.hasPassword()) ? new String(credentials.getPassword()) : null;
	}

	@Override
	public SslBundle getSslBundle() {
		return this.sslBundle;
	}

	@Override
	public Standalone getStandalone() {
		if (!this.clusterNodes.isEmpty() || !this.uri.getSentinels().isEmpty()) {
			return null;
		}
		return Standalone.of(this.uri.getHost(), this.uri.getPort(), this.uri.getDatabase());
	}

	@Override
	public Sentinel getSentinel() {
		if (this.uri.getSentinels().isEmpty()) {
			return null;
		}
		RedisURI target = this.uri;
		return new Sentinel() {

			@Override
			public int getDatabase() {
				return target.getDatabase();
			}

			@Override
			public String getMaster() {
				return target.getSentinelMasterId();
			}

			@Override
			public List<Node> getNodes() {
				return target.getSentinels().stream().map((s) -> new Node(s.getHost(), s.getPort())).toList();
			}

			@Override
			public String getUsername() {
				return null;
			}

			@Override
			public String getPassword() {
				return null;
			}

		};
	}

	@Override
	public Cluster getCluster() {
		if (this.clusterNodes.isEmpty()) {
			return null;
		}
		List<Node> nodes = this.clusterNodes.stream()
			.map((n) -> new Node(n.substring(0, n.lastIndexOf(':')),
					Integer.parseInt(n.substring(n.lastIndexOf(':') + 1))))
			.toList();
		return () -> nodes;
	}

	@Override
	public String toString() {
		return "EarnbaseDataRedisConnectionDetails[" + (this.clusterNodes.isEmpty()
				? RedisUrls.redact(this.uri.toURI().toString()) : "cluster " + this.clusterNodes) + "]";
	}

}
