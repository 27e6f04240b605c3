package com.earnbase.redis.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.cache.Cache;
import com.earnbase.redis.cache.RedisCache;
import com.earnbase.redis.cache.RedisCacheOptions;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@link Cache} from {@code earnbase.redis.cache.*} and, when
 * the application enables caching ({@code @EnableCaching}), has no {@link CacheManager}
 * of its own and leaves {@code spring.cache.type} unset or {@code redis}, a
 * {@link EarnbaseRedisCacheManager} on the same engine, in place of Boot's
 * {@code RedisCacheManager}; it applies Boot's {@code spring.cache.*} settings or stops
 * start-up naming what to set instead ({@link SpringCacheSettings}). A near cache
 * ({@code earnbase.redis.cache.near.*}) goes to the Cache bean whenever it is enabled,
 * and to the Spring caches that {@code near.cache-names} lists (every one when it is
 * empty).
 */
@AutoConfiguration(after = EarnbaseRedisAutoConfiguration.class,
		beforeName = { Boot3ClassNames.CACHE_AUTO_CONFIGURATION, Boot4ClassNames.CACHE_AUTO_CONFIGURATION })
@ConditionalOnBean(RedisClient.class)
@ConditionalOnProperty(prefix = EarnbaseRedisCacheProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(EarnbaseRedisCacheProperties.class)
public class EarnbaseRedisCacheAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(Cache.class)
	RedisCache earnbaseRedisCache(RedisClient client, EarnbaseRedisCacheProperties properties,
			ObjectProvider<EarnbaseRedisProperties> redisProperties) {
		RedisCacheOptions options = properties.toOptions();
		checkNearCacheReadsFromMasters(properties, redisProperties.getIfAvailable());
		return new RedisCache(LibraryClient.of(client, "cache"), options);
	}

	/**
	 * Stops start-up when the near cache is enabled on a client configured to read from
	 * replicas: a replica may answer with a value whose invalidation has already arrived,
	 * and the near cache would keep it. (The cache refuses such a client too; this names
	 * the properties.)
	 */
	static void checkNearCacheReadsFromMasters(EarnbaseRedisCacheProperties properties,
			EarnbaseRedisProperties redisProperties) {
		if (properties.getNear().isEnabled() && redisProperties != null
				&& redisProperties.getCluster().isReadFromReplicas()) {
			throw new InvalidRedisPropertyException(EarnbaseRedisCacheProperties.PREFIX + ".near.enabled", "true",
					"cannot be used with " + EarnbaseRedisProperties.PREFIX + ".cluster.read-from-replicas=true: "
							+ "a replica may answer with a value whose invalidation has already arrived, and the "
							+ "near cache would keep it; turn one of them off");
		}
	}

	/**
	 * The Spring Cache abstraction on the engine, for {@code @Cacheable} and friends;
	 * another {@code spring.cache.type} (such as {@code none} in tests, or
	 * {@code simple}) leaves the manager to Boot.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(CacheAspectSupport.class)
	@ConditionalOnMissingBean(CacheManager.class)
	@ConditionalOnProperty(prefix = "spring.cache", name = "type", havingValue = "redis", matchIfMissing = true)
	static class SpringCacheConfiguration {

		@Bean
		EarnbaseRedisCacheManager cacheManager(RedisClient client, EarnbaseRedisCacheProperties properties,
				ObjectProvider<EarnbaseRedisProperties> redisProperties, Environment environment,
				BeanFactory beanFactory) {
			SpringCacheSettings settings = SpringCacheSettings.of(environment, properties);
			RedisCacheOptions options = properties.toOptions()
				.withTtl(settings.ttl())
				.withNearCache(properties.springCacheNearCache());
			checkNearCacheReadsFromMasters(properties, redisProperties.getIfAvailable());
			List<String> trusted = new ArrayList<>(properties.getTrustedPackages());
			if (AutoConfigurationPackages.has(beanFactory)) {
				trusted.addAll(AutoConfigurationPackages.get(beanFactory));
			}
			EarnbaseRedisCacheManager manager = new EarnbaseRedisCacheManager(LibraryClient.of(client, "cache"),
					options, properties.ttlDurations(), properties.nearCaches(), trusted, settings.allowNullValues());
			try {
				manager.createCaches(settings.cacheNames());
			}
			catch (RuntimeException ex) {
				manager.close();
				throw ex;
			}
			return manager;
		}

	}

}
