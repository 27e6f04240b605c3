package com.earnbase.redis.autoconfigure.boot4;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.autoconfigure.Boot4ClassNames;
import com.earnbase.redis.autoconfigure.EarnbaseConnectionConfigured;
import com.earnbase.redis.autoconfigure.EarnbaseRedisAutoConfiguration;
import com.earnbase.redis.autoconfigure.EarnbaseRedisProperties;
import com.earnbase.redis.autoconfigure.RedisClientBuilderCustomizer;
import io.lettuce.core.metrics.CommandLatencyRecorder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * The bridge to Spring Boot 4's own Redis support: Boot's {@code RedisTemplate}, Spring
 * Cache and Spring Session are pointed at {@code earnbase.redis.url} or
 * {@code earnbase.redis.cluster.nodes} (standalone, Sentinel or Cluster, with the same
 * credentials and SSL bundle); without either property the earnbase client follows Boot's
 * {@link DataRedisConnectionDetails} (e.g. a Testcontainers service connection); and
 * Boot's shared Lettuce resources get the client's flush consolidation, with Lettuce's
 * HdrHistogram latency collector off (Boot 4 reports Lettuce through observations only).
 * Unlike the Boot 3 bridge it installs no tracing: Boot 4's
 * {@code LettuceObservationAutoConfiguration} already puts one on the shared resources,
 * and a second would report every command twice.
 */
@AutoConfiguration(after = EarnbaseRedisAutoConfiguration.class, beforeName = Boot4ClassNames.REDIS_AUTO_CONFIGURATION)
@ConditionalOnClass(name = { Boot4ClassNames.REDIS_CONNECTION_DETAILS,
		"org.springframework.data.redis.connection.RedisConnectionFactory" })
public class Boot4RedisBridgeAutoConfiguration {

	@Bean
	@Conditional(EarnbaseConnectionConfigured.class)
	@ConditionalOnMissingBean(DataRedisConnectionDetails.class)
	EarnbaseDataRedisConnectionDetails earnbaseRedisConnectionDetails(EarnbaseRedisProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		return new EarnbaseDataRedisConnectionDetails(properties, properties.sslBundle(sslBundles.getIfAvailable()));
	}

	@Bean
	RedisClientBuilderCustomizer earnbaseFollowBootConnectionDetails(Environment environment,
			ObjectProvider<DataRedisConnectionDetails> details) {
		return new BootConnectionDetailsCustomizer(environment, details);
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	ClientResourcesBuilderCustomizer earnbaseLatencyRecorderOff() {
		return (builder) -> builder.commandLatencyRecorder(CommandLatencyRecorder.disabled());
	}

	@Bean
	@ConditionalOnProperty(prefix = EarnbaseRedisProperties.PREFIX, name = "flush-consolidation", matchIfMissing = true)
	ClientResourcesBuilderCustomizer earnbaseFlushConsolidation() {
		// The client shares Boot's resources in a Spring application, so that is where
		// flushes are consolidated.
		return (builder) -> builder.nettyCustomizer(LettuceRedisClient.flushConsolidation());
	}

}
