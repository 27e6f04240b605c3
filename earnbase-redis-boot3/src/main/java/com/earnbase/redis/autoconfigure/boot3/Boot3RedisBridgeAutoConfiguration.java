package com.earnbase.redis.autoconfigure.boot3;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.autoconfigure.Boot3ClassNames;
import com.earnbase.redis.autoconfigure.EarnbaseConnectionConfigured;
import com.earnbase.redis.autoconfigure.EarnbaseRedisAutoConfiguration;
import com.earnbase.redis.autoconfigure.EarnbaseRedisProperties;
import com.earnbase.redis.autoconfigure.RedisClientBuilderCustomizer;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.tracing.MicrometerTracing;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.data.redis.ClientResourcesBuilderCustomizer;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * The bridge to Spring Boot 3's own Redis support: Boot's {@code RedisTemplate}, Spring
 * Cache and Spring Session are pointed at {@code earnbase.redis.url} or
 * {@code earnbase.redis.cluster.nodes} (standalone, Sentinel or Cluster, with the same
 * credentials and SSL bundle); without either property the earnbase client follows Boot's
 * connection details (e.g. a Testcontainers service connection); and Boot's shared
 * Lettuce resources get the client's flush consolidation and tracing, with Lettuce's
 * HdrHistogram latency collector off unless Boot's metrics ask for one.
 */
@AutoConfiguration(after = EarnbaseRedisAutoConfiguration.class, beforeName = Boot3ClassNames.REDIS_AUTO_CONFIGURATION)
@ConditionalOnClass(name = { Boot3ClassNames.REDIS_CONNECTION_DETAILS,
		"org.springframework.data.redis.connection.RedisConnectionFactory" })
public class Boot3RedisBridgeAutoConfiguration {

	@Bean
	@Conditional(EarnbaseConnectionConfigured.class)
	@ConditionalOnMissingBean(RedisConnectionDetails.class)
	EarnbaseRedisConnectionDetails earnbaseRedisConnectionDetails(EarnbaseRedisProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		return new EarnbaseRedisConnectionDetails(properties, properties.sslBundle(sslBundles.getIfAvailable()));
	}

	@Bean
	RedisClientBuilderCustomizer earnbaseFollowBootConnectionDetails(Environment environment,
			ObjectProvider<RedisConnectionDetails> details) {
		return new BootConnectionDetailsCustomizer(environment, details);
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	ClientResourcesBuilderCustomizer earnbaseLatencyRecorderOff() {
		// Runs first: Boot's Lettuce metrics customizer, when present, installs its
		// Micrometer recorder after it.
		return (builder) -> builder.commandLatencyRecorder(CommandLatencyRecorder.disabled());
	}

	@Bean
	@ConditionalOnProperty(prefix = EarnbaseRedisProperties.PREFIX, name = "flush-consolidation", matchIfMissing = true)
	ClientResourcesBuilderCustomizer earnbaseFlushConsolidation() {
		// The client shares Boot's resources in a Spring application, so that is where
		// flushes are consolidated.
		return (builder) -> builder.nettyCustomizer(LettuceRedisClient.flushConsolidation());
	}

	@Bean
	ClientResourcesBuilderCustomizer earnbaseObservation(ObjectProvider<ObservationRegistry> observationRegistry) {
		// The client shares Boot's resources, so their tracing is what reports the
		// client's commands.
		return (builder) -> observationRegistry.ifUnique((registry) -> builder
			.tracing(new MicrometerTracing(registry, LettuceRedisClient.TRACING_SERVICE_NAME, false)));
	}

}
