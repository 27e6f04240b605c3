package com.earnbase.redis.autoconfigure.boot3;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.autoconfigure.Boot3ClassNames;
import com.earnbase.redis.autoconfigure.EarnbaseRedisAutoConfiguration;
import com.earnbase.redis.autoconfigure.LibraryClient;
import com.earnbase.redis.autoconfigure.RedisHealthDetails;

import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Actuator's health contributor {@code earnbase-redis} on Spring Boot 3, which backs off
 * when the application defines its own; off with
 * {@code management.health.earnbase-redis.enabled=false}.
 */
@AutoConfiguration(after = EarnbaseRedisAutoConfiguration.class)
@ConditionalOnClass(name = { Boot3ClassNames.HEALTH_INDICATOR, Boot3ClassNames.REDIS_CONNECTION_DETAILS,
		"org.springframework.data.redis.connection.RedisConnectionFactory" })
@ConditionalOnBean(RedisClient.class)
@ConditionalOnEnabledHealthIndicator("earnbase-redis")
public class Boot3HealthAutoConfiguration {

	@Bean(name = "earnbase-redisHealthIndicator")
	@ConditionalOnMissingBean(name = "earnbase-redisHealthIndicator")
	EarnbaseRedisHealthIndicator earnbaseRedisHealthIndicator(RedisClient client, ListableBeanFactory beanFactory) {
		return new EarnbaseRedisHealthIndicator(LibraryClient.of(client, "health indicator"),
				() -> RedisHealthDetails.caches(beanFactory));
	}

}
