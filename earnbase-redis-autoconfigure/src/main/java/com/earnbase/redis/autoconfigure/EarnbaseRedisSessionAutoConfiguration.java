package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.session.RedisSessionStore;
import com.earnbase.redis.session.SessionStore;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link SessionStore} from {@code earnbase.redis.session.*};
 * on by default, off with {@code earnbase.redis.session.enabled=false}, and backs off
 * when the application defines its own store.
 */
@AutoConfiguration(after = EarnbaseRedisAutoConfiguration.class)
@ConditionalOnBean(RedisClient.class)
@ConditionalOnProperty(prefix = EarnbaseRedisSessionProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(EarnbaseRedisSessionProperties.class)
public class EarnbaseRedisSessionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(SessionStore.class)
	RedisSessionStore earnbaseRedisSessionStore(RedisClient client, EarnbaseRedisSessionProperties properties) {
		return new RedisSessionStore(LibraryClient.of(client, "session store"), properties.toOptions());
	}

}
