package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.ratelimit.RateLimiter;
import com.earnbase.redis.ratelimit.RedisRateLimiter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link RateLimiter} from
 * {@code earnbase.redis.rate-limiter.*}.
 */
@AutoConfiguration(after = EarnbaseRedisAutoConfiguration.class)
@ConditionalOnBean(RedisClient.class)
@ConditionalOnProperty(prefix = EarnbaseRedisRateLimiterProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(EarnbaseRedisRateLimiterProperties.class)
public class EarnbaseRedisRateLimiterAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(RateLimiter.class)
	RedisRateLimiter earnbaseRateLimiter(RedisClient client, EarnbaseRedisRateLimiterProperties properties) {
		return new RedisRateLimiter(LibraryClient.of(client, "rate limiter"), properties.toOptions());
	}

}
