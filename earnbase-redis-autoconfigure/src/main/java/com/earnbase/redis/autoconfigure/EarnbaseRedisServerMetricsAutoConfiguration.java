package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisServerGauges;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Polls the server's INFO into {@code earnbase.redis.server.*} gauges when
 * {@code earnbase.redis.server-metrics.enabled}.
 */
@AutoConfiguration(after = EarnbaseRedisAutoConfiguration.class,
		afterName = { Boot3ClassNames.COMPOSITE_METER_REGISTRY_AUTO_CONFIGURATION,
				Boot4ClassNames.COMPOSITE_METER_REGISTRY_AUTO_CONFIGURATION })
@ConditionalOnProperty(prefix = "earnbase.redis.server-metrics", name = "enabled")
@ConditionalOnBean({ RedisClient.class, MeterRegistry.class })
public class EarnbaseRedisServerMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RedisServerGauges earnbaseRedisServerGauges(RedisClient client, MeterRegistry registry,
			EarnbaseRedisProperties properties) {
		return new RedisServerGauges(LibraryClient.of(client, "server metrics"), registry,
				properties.getServerMetrics().getInterval());
	}

}
