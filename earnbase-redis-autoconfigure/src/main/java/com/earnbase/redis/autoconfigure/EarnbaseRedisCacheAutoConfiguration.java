package com.earnbase.redis.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.cache.Cache;
import com.earnbase.redis.cache.RedisCache;
import com.earnbase.redis.cache.RedisCacheOptions;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@link Cache} from {@code earnbase.redis.cache.*} and, when the application enables
 * caching ({@code @EnableCaching}) and has no {@link CacheManager} of its own, a {@link EarnbaseRedisCacheManager}
 * on the same engine, in place of Boot's {@code RedisCacheManager}.
 */
@AutoConfiguration(after = EarnbaseRedisAutoConfiguration.class,
		beforeName = "org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration")
@ConditionalOnBean(LettuceRedisClient.class)
@ConditionalOnProperty(prefix = EarnbaseRedisProperties.PREFIX + ".cache", name = "enabled", matchIfMissing = true)
public class EarnbaseRedisCacheAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(Cache.class)
	RedisCache earnbaseRedisCache(LettuceRedisClient client, EarnbaseRedisProperties properties) {
		return new RedisCache(client, options(properties.getCache()));
	}

	static RedisCacheOptions options(EarnbaseRedisProperties.Cache cache) {
		return new RedisCacheOptions(cache.getNamespace(), cache.getTtl(), cache.getNullTtl(), cache.getLeaseTime(),
				cache.isEarlyRefresh(), cache.getEarlyRefreshBeta(), null, cache.getOnFailure());
	}

	/** The Spring Cache abstraction on the engine, for {@code @Cacheable} and friends. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(CacheAspectSupport.class)
	@ConditionalOnMissingBean(CacheManager.class)
	static class SpringCacheConfiguration {

		@Bean
		EarnbaseRedisCacheManager cacheManager(LettuceRedisClient client, EarnbaseRedisProperties properties,
				BeanFactory beanFactory) {
			List<String> trusted = new ArrayList<>(properties.getCache().getTrustedPackages());
			if (AutoConfigurationPackages.has(beanFactory)) {
				trusted.addAll(AutoConfigurationPackages.get(beanFactory));
			}
			return new EarnbaseRedisCacheManager(client, options(properties.getCache()),
					properties.getCache().ttlDurations(), trusted);
		}

	}

}
