package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.lock.LockOptions;
import com.earnbase.redis.lock.LockService;
import com.earnbase.redis.lock.RedisLockService;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link LockService} from {@code earnbase.redis.lock.*}; off with
 * {@code earnbase.redis.lock.enabled=false}, and backs off when the application defines its own {@link LockService}.
 */
@AutoConfiguration(after = EarnbaseRedisAutoConfiguration.class)
@ConditionalOnBean(LettuceRedisClient.class)
@ConditionalOnProperty(prefix = EarnbaseRedisProperties.PREFIX + ".lock", name = "enabled", matchIfMissing = true)
public class EarnbaseRedisLockAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(LockService.class)
	RedisLockService earnbaseLockService(LettuceRedisClient client, EarnbaseRedisProperties properties) {
		EarnbaseRedisProperties.Lock lock = properties.getLock();
		return new RedisLockService(client, LockOptions.defaults()
			.withNamespace(lock.getNamespace())
			.withLeaseTime(lock.getLeaseTime())
			.withMaxHoldTime(lock.getMaxHoldTime()));
	}

}
