package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.session.RedisSessionStore;
import com.earnbase.redis.session.SessionStore;
import com.earnbase.redis.session.SessionStoreOptions;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link SessionStore} from {@code earnbase.redis.session.*}; on by default, off with
 * {@code earnbase.redis.session.enabled=false}, and backs off when the application defines its own store.
 */
@AutoConfiguration(after = EarnbaseRedisAutoConfiguration.class)
@ConditionalOnBean(LettuceRedisClient.class)
@ConditionalOnProperty(prefix = "earnbase.redis.session", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(EarnbaseRedisProperties.class)
public class EarnbaseRedisSessionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(SessionStore.class)
	RedisSessionStore earnbaseRedisSessionStore(LettuceRedisClient client, EarnbaseRedisProperties properties) {
		EarnbaseRedisProperties.Session session = properties.getSession();
		return new RedisSessionStore(client,
				new SessionStoreOptions(session.getNamespace(), session.getTtl(), session.isSliding()));
	}

}
