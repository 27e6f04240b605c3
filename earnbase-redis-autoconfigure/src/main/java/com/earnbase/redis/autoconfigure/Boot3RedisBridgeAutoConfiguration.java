package com.earnbase.redis.autoconfigure;

import java.util.List;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.support.RedisUrls;
import io.lettuce.core.RedisURI;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.tracing.MicrometerTracing;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.autoconfigure.data.redis.ClientResourcesBuilderCustomizer;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The bridge to Spring Boot 3's own Redis support, the only place that touches its types: Boot's
 * {@code RedisTemplate}, Spring Cache and Spring Session are pointed at {@code earnbase.redis.url} or
 * {@code earnbase.redis.cluster.nodes} (standalone, Sentinel or Cluster, with the same credentials and SSL bundle);
 * without either
 * property the earnbase client follows Boot's connection details (e.g. a Testcontainers service connection);
 * Lettuce's HdrHistogram latency collector stays off unless Boot's metrics ask for one; and Actuator gets the
 * {@code earnbase-redis} health indicator.
 */
@AutoConfiguration(after = EarnbaseRedisAutoConfiguration.class,
		beforeName = "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration")
@ConditionalOnClass(name = { "org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails",
		"org.springframework.data.redis.connection.RedisConnectionFactory" })
public class Boot3RedisBridgeAutoConfiguration {

	@Bean
	@Conditional(EarnbaseConnectionConfigured.class)
	@ConditionalOnMissingBean(RedisConnectionDetails.class)
	EarnbaseRedisConnectionDetails earnbaseRedisConnectionDetails(EarnbaseRedisProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		return new EarnbaseRedisConnectionDetails(properties,
				EarnbaseRedisAutoConfiguration.sslBundle(properties, sslBundles));
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	ClientResourcesBuilderCustomizer earnbaseLatencyRecorderOff() {
		// Runs first: Boot's Lettuce metrics customizer, when present, installs its Micrometer recorder after it.
		return (builder) -> builder.commandLatencyRecorder(CommandLatencyRecorder.disabled());
	}

	@Bean
	@ConditionalOnProperty(prefix = EarnbaseRedisProperties.PREFIX, name = "flush-consolidation", matchIfMissing = true)
	ClientResourcesBuilderCustomizer earnbaseFlushConsolidation() {
		// The client shares Boot's resources in a Spring application, so that is where flushes are consolidated.
		return (builder) -> builder.nettyCustomizer(LettuceRedisClient.flushConsolidation());
	}

	@Bean
	ClientResourcesBuilderCustomizer earnbaseObservation(ObjectProvider<ObservationRegistry> observationRegistry) {
		// The client shares Boot's resources, so their tracing is what reports the client's commands.
		return (builder) -> observationRegistry.ifUnique((registry) -> builder
			.tracing(new MicrometerTracing(registry, LettuceRedisClient.TRACING_SERVICE_NAME, false)));
	}

	@Bean
	RedisClientBuilderCustomizer earnbaseFollowBootConnectionDetails(Environment environment,
			ObjectProvider<RedisConnectionDetails> details) {
		return (builder) -> {
			if (EarnbaseConnectionConfigured.isConfigured(environment)) {
				return;
			}
			RedisConnectionDetails boot = details.getIfUnique();
			if (boot != null && !(boot instanceof EarnbaseRedisConnectionDetails)) {
				applyBootDetails(builder, boot);
			}
		};
	}

	private static void applyBootDetails(com.earnbase.redis.RedisClientBuilder builder, RedisConnectionDetails boot) {
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

	/** Actuator's health contributor {@code earnbase-redis}, which backs off when the application defines its own. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
	@ConditionalOnBean(LettuceRedisClient.class)
	@ConditionalOnEnabledHealthIndicator("earnbase-redis")
	static class HealthConfiguration {

		@Bean(name = "earnbase-redisHealthIndicator")
		@ConditionalOnMissingBean(name = "earnbase-redisHealthIndicator")
		EarnbaseRedisHealthIndicator earnbaseRedisHealthIndicator(LettuceRedisClient client) {
			return new EarnbaseRedisHealthIndicator(client);
		}

	}

	/** Matches when {@code earnbase.redis.url} or {@code earnbase.redis.cluster.nodes} is set. */
	static final class EarnbaseConnectionConfigured extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return isConfigured(context.getEnvironment())
					? ConditionOutcome.match("earnbase.redis.url or earnbase.redis.cluster.nodes is set")
					: ConditionOutcome.noMatch("neither earnbase.redis.url nor earnbase.redis.cluster.nodes is set");
		}

		static boolean isConfigured(Environment environment) {
			Binder binder = Binder.get(environment);
			return binder.bind(EarnbaseRedisProperties.PREFIX + ".url", String.class).isBound()
					|| !binder.bind(EarnbaseRedisProperties.PREFIX + ".cluster.nodes", Bindable.listOf(String.class))
						.orElse(List.of())
						.isEmpty();
		}

	}

	/** Boot's connection details taken from {@code earnbase.redis.*}: URL or cluster nodes, credentials, TLS. */
	static final class EarnbaseRedisConnectionDetails implements RedisConnectionDetails {

		private final RedisURI uri;

		private final List<String> clusterNodes;

		private final SslBundle sslBundle;

		EarnbaseRedisConnectionDetails(EarnbaseRedisProperties properties, SslBundle sslBundle) {
			this.uri = RedisUrls.parse(EarnbaseRedisProperties.PREFIX + ".url", properties.getUrl());
			if (properties.getDb() != null) {
				this.uri.setDatabase(properties.getDb());
			}
			if (properties.getUsername() != null) {
				this.uri.setUsername(properties.getUsername());
			}
			if (properties.getPassword() != null) {
				this.uri.setPassword(properties.getPassword().toCharArray());
			}
			this.clusterNodes = properties.getCluster().getNodes();
			// rediss:// without a bundle: TLS with the JDK's trusted CAs, as the earnbase client does.
			this.sslBundle = (sslBundle != null) ? sslBundle : this.uri.isSsl() ? SslBundle.systemDefault() : null;
		}

		@Override
		public String getUsername() {
			return this.uri.getUsername();
		}

		@Override
		public String getPassword() {
			return (this.uri.getPassword() != null) ? new String(this.uri.getPassword()) : null;
		}

		@Override
		public Standalone getStandalone() {
			if (!this.clusterNodes.isEmpty() || !this.uri.getSentinels().isEmpty()) {
				return null;
			}
			return Standalone.of(this.uri.getHost(), this.uri.getPort(), this.uri.getDatabase(), this.sslBundle);
		}

		@Override
		public Sentinel getSentinel() {
			if (this.uri.getSentinels().isEmpty()) {
				return null;
			}
			RedisURI target = this.uri;
			SslBundle ssl = this.sslBundle;
			return new Sentinel() {

				@Override
				public SslBundle getSslBundle() {
					return ssl;
				}

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
				.map((n) -> new Node(n.substring(0, n.lastIndexOf(':')), Integer.parseInt(n.substring(n.lastIndexOf(':') + 1))))
				.toList();
			SslBundle ssl = this.sslBundle;
			return new Cluster() {

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

		@Override
		public String toString() {
			return "EarnbaseRedisConnectionDetails[" + (this.clusterNodes.isEmpty()
					? RedisUrls.redact(this.uri.toURI().toString()) : "cluster " + this.clusterNodes) + "]";
		}

	}

}
