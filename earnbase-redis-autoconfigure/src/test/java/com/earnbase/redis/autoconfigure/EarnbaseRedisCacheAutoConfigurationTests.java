package com.earnbase.redis.autoconfigure;

import java.time.Duration;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.cache.Cache;
import com.earnbase.redis.cache.CacheFailurePolicy;
import com.earnbase.redis.cache.RedisCache;
import com.earnbase.redis.cache.RedisCacheOptions;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When the cache beans are created, and from which properties. */
class EarnbaseRedisCacheAutoConfigurationTests {

	private final RedisTestServer server = RedisTestServer.shared();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EarnbaseRedisAutoConfiguration.class,
				EarnbaseRedisCacheAutoConfiguration.class, RedisAutoConfiguration.class, CacheAutoConfiguration.class))
		.withPropertyValues(this.server.applicationProperties().toArray(String[]::new))
		.withPropertyValues("earnbase.redis.prefix=" + RedisTopology.uniquePrefix("cache-autoconfig"),
				"spring.data.redis.url=" + this.server.url());

	@Test
	void cacheBeanFromProperties() {
		this.runner
			.withPropertyValues("earnbase.redis.cache.namespace=c", "earnbase.redis.cache.ttl=90",
					"earnbase.redis.cache.null-ttl=5s", "earnbase.redis.cache.lease-time=3s",
					"earnbase.redis.cache.early-refresh=true", "earnbase.redis.cache.early-refresh-beta=2")
			.run((context) -> {
				assertThat(context).hasSingleBean(Cache.class);
				RedisCache cache = context.getBean(RedisCache.class);
				assertThat(cache.options()).isEqualTo(new RedisCacheOptions("c", Duration.ofSeconds(90),
						Duration.ofSeconds(5), Duration.ofSeconds(3), true, 2.0, null));
				assertThat(cache.defaultTtl()).isEqualTo(Duration.ofSeconds(90));
			});
	}

	@Test
	void onFailureComputesByDefaultAndFailsWhenConfigured() {
		this.runner.run((context) -> assertThat(context.getBean(RedisCache.class).options().onFailure())
			.isEqualTo(CacheFailurePolicy.COMPUTE));
		this.runner.withPropertyValues("earnbase.redis.cache.on-failure=fail")
			.run((context) -> assertThat(context.getBean(RedisCache.class).options().onFailure())
				.isEqualTo(CacheFailurePolicy.FAIL));
	}

	@Test
	void onFailureThatIsNoPolicyFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("earnbase.redis.cache.on-failure=retry")
			.run((context) -> assertThat(context.getStartupFailure()).isNotNull()
				.hasStackTraceContaining("earnbase.redis.cache.on-failure"));
		EarnbaseRedisCacheProperties cache = new EarnbaseRedisCacheProperties();
		cache.setOnFailure(null);
		assertThatThrownBy(cache::toOptions).isInstanceOf(InvalidRedisPropertyException.class)
			.hasMessageContaining("earnbase.redis.cache.on-failure");
	}

	@Test
	void ttlFallsBackToTheClientTtlThenToOneHour() {
		this.runner.withPropertyValues("earnbase.redis.ttl=120")
			.run((context) -> assertThat(context.getBean(RedisCache.class).defaultTtl())
				.isEqualTo(Duration.ofSeconds(120)));
		this.runner.run((context) -> assertThat(context.getBean(RedisCache.class).defaultTtl())
			.isEqualTo(Duration.ofHours(1)));
	}

	@Test
	void noCacheManagerWithoutEnableCaching() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(Cache.class);
			assertThat(context).doesNotHaveBean(CacheManager.class);
		});
	}

	@Test
	void cacheManagerTakesThePlaceOfBootsRedisCacheManager() {
		this.runner.withUserConfiguration(CachingConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(CacheManager.class);
			assertThat(context).hasSingleBean(EarnbaseRedisCacheManager.class);
			assertThat(context).doesNotHaveBean(RedisCacheManager.class);
		});
	}

	@Test
	void bootsRedisCacheManagerWhenDisabled() {
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("earnbase.redis.cache.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(Cache.class);
				assertThat(context).doesNotHaveBean(EarnbaseRedisCacheManager.class);
				assertThat(context).hasSingleBean(RedisCacheManager.class);
			});
	}

	@Test
	void backsOffFromTheApplicationsOwnBeans() {
		this.runner.withUserConfiguration(CachingConfiguration.class, OwnBeansConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(Cache.class);
			assertThat(context).hasBean("ownCache");
			assertThat(context).hasSingleBean(CacheManager.class);
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
		});
	}

	@Test
	void ttlPerCacheName() {
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("earnbase.redis.cache.ttl=60", "earnbase.redis.cache.ttls.users=600")
			.run((context) -> {
				EarnbaseRedisCacheManager manager = context.getBean(EarnbaseRedisCacheManager.class);
				assertThat(manager.getCache("users").ttl()).isEqualTo(Duration.ofMinutes(10));
				assertThat(manager.getCache("orders").ttl()).isEqualTo(Duration.ofMinutes(1));
				assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("users", "orders");
			});
	}

	@Test
	void invalidPropertyStopsStartup() {
		this.runner.withPropertyValues("earnbase.redis.cache.lease-time=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidRedisPropertyException.class)
				.hasMessageContaining("earnbase.redis.cache.lease-time"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeansConfiguration {

		@Bean
		RedisCache ownCache(LettuceRedisClient client) {
			return new RedisCache(client, RedisCacheOptions.defaults().withNamespace("own"));
		}

		@Bean
		ConcurrentMapCacheManager ownCacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

}
