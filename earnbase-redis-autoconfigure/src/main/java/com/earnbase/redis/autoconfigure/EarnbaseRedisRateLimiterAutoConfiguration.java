package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.ratelimit.RateLimiter;
import com.earnbase.redis.ratelimit.RedisRateLimiter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/** Auto-configuration of the {@link RateLimiter} from {@code earnbase.redis.rate-limiter.*}. */
@AutoConfiguration(after = EarnbaseRedisAutoConfiguration.class)
@ConditionalOnBean(LettuceRedisClient.class)
@ConditionalOnProperty(prefix = "earnbase.redis.rate-limiter", name = "enabled", matchIfMissing = true)
public class EarnbaseRedisRateLimiterAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(RateLimiter.class)
	RedisRateLimiter earnbaseRateLimiter(LettuceRedisClient client, EarnbaseRedisProperties properties) {
		EarnbaseRedisProperties.RateLimiter settings = properties.getRateLimiter();
		return new RedisRateLimiter(client, settings.getNamespace(), settings.getAlgorithm(), settings.getOnFailure());
	}

}
