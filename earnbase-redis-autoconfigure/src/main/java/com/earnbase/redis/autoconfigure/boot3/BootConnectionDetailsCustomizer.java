package com.earnbase.redis.autoconfigure.boot3;

import java.util.List;

import com.earnbase.redis.RedisClientBuilder;
import com.earnbase.redis.autoconfigure.RedisClientBuilderCustomizer;
import io.lettuce.core.RedisURI;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
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
		RedisURI.Builder uri;
		SslBundle ssl;
		if (boot.getCluster() != null) {
			builder.clusterNodes(boot.getCluster().getNodes().stream().map((n) -> n.host() + ":" + n.port()).toList());
			RedisConnectionDetails.Node first = boot.getCluster().getNodes().get(0);
			uri = RedisURI.builder().withHost(first.host()).withPort(first.port());
			ssl = boot.getCluster().getSslBundle();
		}
		else if (boot.getSentinel() != null) {
			RedisConnectionDetails.Sentinel sentinel = boot.getSentinel();
			List<RedisConnectionDetails.Node> nodes = sentinel.getNodes();
			uri = RedisURI.builder().withSentinelMasterId(sentinel.getMaster()).withDatabase(sentinel.getDatabase());
			nodes.forEach((node) -> uri.withSentinel(node.host(), node.port()));
			ssl = sentinel.getSslBundle();
		}
		else {
			RedisConnectionDetails.Standalone standalone = boot.getStandalone();
			uri = RedisURI.builder()
				.withHost(standalone.getHost())
				.withPort(standalone.getPort())
				.withDatabase(standalone.getDatabase());
			ssl = standalone.getSslBundle();
		}
		if (ssl != null) {
			builder.ssl(ssl.getManagers().getTrustManagerFactory(), ssl.getManagers().getKeyManagerFactory());
		}
		if (boot.getPassword() != null) {
			if (boot.getUsername() != null) {
				uri.withAuthentication(boot.getUsername(), boot.getPassword());
			}
			else {
				uri.withPassword(boot.getPassword().toCharArray());
			}
		}
		builder.url(uri.build().toURI().toString());
	}

}
