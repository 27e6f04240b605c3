package com.earnbase.redis.autoconfigure;

import java.util.Map;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.lock.LockOptions;
import com.earnbase.redis.lock.LockService;
import com.earnbase.redis.lock.RedisLockService;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link LockService} from {@code earnbase.redis.lock.*}; off
 * with {@code earnbase.redis.lock.enabled=false}, and backs off when the application
 * defines its own {@link LockService}.
 */
@AutoConfiguration(after = EarnbaseRedisAutoConfiguration.class)
@ConditionalOnBean(RedisClient.class)
@ConditionalOnProperty(prefix = EarnbaseRedisLockProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(EarnbaseRedisLockProperties.class)
public class EarnbaseRedisLockAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(LockService.class)
	RedisLockService earnbaseLockService(RedisClient client, EarnbaseRedisLockProperties properties) {
		RedisClient library = LibraryClient.of(client, "lock service");
		LockOptions options = properties.toOptions();
		// The service checks the options against the client (the WAIT bound against the
		// command timeout): a rejection names the property.
		return PropertyOptions.build(EarnbaseRedisLockProperties.PREFIX, properties,
				() -> new RedisLockService(library, options), Map.of());
	}

}
