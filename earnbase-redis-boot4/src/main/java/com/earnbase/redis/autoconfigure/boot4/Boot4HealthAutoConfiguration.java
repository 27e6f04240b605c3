package com.earnbase.redis.autoconfigure.boot4;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.autoconfigure.Boot4ClassNames;
import com.earnbase.redis.autoconfigure.EarnbaseRedisAutoConfiguration;
import com.earnbase.redis.autoconfigure.LibraryClient;
import com.earnbase.redis.autoconfigure.RedisHealthDetails;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The health contributor {@code earnbase-redis} on Spring Boot 4
 * ({@code spring-boot-health}), which backs off when the application defines its own; off
 * with {@code management.health.earnbase-redis.enabled=false}.
 */
@AutoConfiguration(after = EarnbaseRedisAutoConfiguration.class)
@ConditionalOnClass(name = { Boot4ClassNames.HEALTH_INDICATOR, Boot4ClassNames.REDIS_CONNECTION_DETAILS })
@ConditionalOnBean(RedisClient.class)
@ConditionalOnEnabledHealthIndicator("earnbase-redis")
public class Boot4HealthAutoConfiguration {

	@Bean(name = "earnbase-redisHealthIndicator")
	@ConditionalOnMissingBean(name = "earnbase-redisHealthIndicator")
	EarnbaseRedisHealthIndicator earnbaseRedisHealthIndicator(RedisClient client, ListableBeanFactory beanFactory) {
		return new EarnbaseRedisHealthIndicator(LibraryClient.of(client, "health indicator"),
				() -> RedisHealthDetails.caches(beanFactory));
	}

}
