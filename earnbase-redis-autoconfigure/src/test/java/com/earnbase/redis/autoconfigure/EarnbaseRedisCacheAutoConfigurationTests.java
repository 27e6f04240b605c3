package com.earnbase.redis.autoconfigure;

import java.time.Duration;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.cache.Cache;
import com.earnbase.redis.cache.CacheFailurePolicy;
import com.earnbase.redis.cache.NearCacheOptions;
import com.earnbase.redis.cache.RedisCache;
import com.earnbase.redis.cache.RedisCacheOptions;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.support.NoOpCacheManager;
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
				EarnbaseRedisCacheAutoConfiguration.class, BootAutoConfigurations.REDIS, BootAutoConfigurations.CACHE))
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
		this.runner.run(
				(context) -> assertThat(context.getBean(RedisCache.class).defaultTtl()).isEqualTo(Duration.ofHours(1)));
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
	void nearCacheIsOffByDefault() {
		this.runner.withUserConfiguration(CachingConfiguration.class).run((context) -> {
			assertThat(context.getBean(RedisCache.class).options().nearCache()).isEqualTo(NearCacheOptions.defaults());
			assertThat(nearCache(context.getBean(EarnbaseRedisCacheManager.class), "users"))
				.isEqualTo(NearCacheOptions.defaults());
			EarnbaseRedisCacheProperties properties = context.getBean(EarnbaseRedisCacheProperties.class);
			assertThat(properties.getNear().isEnabled()).isFalse();
			assertThat(properties.getNear().getMaxEntries()).isEqualTo(NearCacheOptions.DEFAULT_MAX_ENTRIES);
			assertThat(properties.getNear().getTtl()).isEqualTo(NearCacheOptions.DEFAULT_TTL);
			assertThat(properties.getNear().getCacheNames()).isEmpty();
		});
	}

	@Test
	void nearCacheEnabledGoesToTheCacheBeanAndEverySpringCache() {
		NearCacheOptions configured = new NearCacheOptions(true, 500, Duration.ofSeconds(30));
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("earnbase.redis.cache.near.enabled=true", "earnbase.redis.cache.near.max-entries=500",
					"earnbase.redis.cache.near.ttl=30")
			.run((context) -> {
				assertThat(context.getBean(RedisCache.class).options().nearCache()).isEqualTo(configured);
				EarnbaseRedisCacheManager manager = context.getBean(EarnbaseRedisCacheManager.class);
				assertThat(nearCache(manager, "users")).isEqualTo(configured);
				assertThat(nearCache(manager, "orders")).isEqualTo(configured);
			});
		this.runner.withPropertyValues("earnbase.redis.cache.near.enabled=true")
			.run((context) -> assertThat(context.getBean(RedisCache.class).options().nearCache())
				.isEqualTo(NearCacheOptions.defaults().withEnabled(true)));
	}

	@Test
	void nearCacheNamesNarrowTheSpringCachesButNotTheCacheBean() {
		NearCacheOptions configured = new NearCacheOptions(true, 100, Duration.ofMinutes(2));
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("earnbase.redis.cache.near.enabled=true", "earnbase.redis.cache.near.max-entries=100",
					"earnbase.redis.cache.near.ttl=2m", "earnbase.redis.cache.near.cache-names=users,accounts",
					"earnbase.redis.cache.ttls.users=600")
			.run((context) -> {
				assertThat(context.getBean(RedisCache.class).options().nearCache()).isEqualTo(configured);
				EarnbaseRedisCacheManager manager = context.getBean(EarnbaseRedisCacheManager.class);
				assertThat(nearCache(manager, "users")).isEqualTo(configured);
				assertThat(nearCache(manager, "accounts")).isEqualTo(configured);
				assertThat(nearCache(manager, "orders")).isEqualTo(NearCacheOptions.defaults());
				// The per-name TTL and the per-name near cache are independent.
				assertThat(manager.getCache("users").ttl()).isEqualTo(Duration.ofMinutes(10));
				assertThat(manager.getCache("accounts").ttl()).isEqualTo(Duration.ofHours(1));
			});
	}

	@Test
	void invalidNearCachePropertiesStopStartupNamingTheProperty() {
		ApplicationContextRunner near = this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("earnbase.redis.cache.near.enabled=true");
		assertInvalid(near.withPropertyValues("earnbase.redis.cache.near.max-entries=0"),
				"earnbase.redis.cache.near.max-entries", "must be at least 1");
		assertInvalid(near.withPropertyValues("earnbase.redis.cache.near.ttl=0"), "earnbase.redis.cache.near.ttl",
				"must be positive");
		assertInvalid(near.withPropertyValues("earnbase.redis.cache.near.ttl=-5s"), "earnbase.redis.cache.near.ttl",
				"must be positive");
		assertInvalid(
				near.withPropertyValues("earnbase.redis.cache.near.cache-names[0]=users",
						"earnbase.redis.cache.near.cache-names[1]= "),
				"earnbase.redis.cache.near.cache-names[1]", "must not be empty");
		// A bad value fails even while the near cache is off.
		assertInvalid(this.runner.withPropertyValues("earnbase.redis.cache.near.max-entries=-1"),
				"earnbase.redis.cache.near.max-entries", "must be at least 1");
	}

	@Test
	void nearCacheNamesWithoutTheNearCacheStopStartupSayingTheyDoNotApply() {
		assertInvalid(this.runner.withPropertyValues("earnbase.redis.cache.near.cache-names=users"),
				"earnbase.redis.cache.near.cache-names",
				"does not apply while earnbase.redis.cache.near.enabled is false");
		assertInvalid(
				this.runner.withPropertyValues("earnbase.redis.cache.near.enabled=false",
						"earnbase.redis.cache.near.cache-names=users"),
				"earnbase.redis.cache.near.cache-names", "does not apply");
	}

	@Test
	void nearCacheWithReadsFromReplicasStopsStartupNamingBothProperties() {
		assertInvalid(
				this.runner.withPropertyValues("earnbase.redis.cache.near.enabled=true",
						"earnbase.redis.cluster.read-from-replicas=true"),
				"earnbase.redis.cache.near.enabled", "earnbase.redis.cluster.read-from-replicas=true");
		this.runner.withPropertyValues("earnbase.redis.cluster.read-from-replicas=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static void assertInvalid(ApplicationContextRunner runner, String property, String reason) {
		runner.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.isInstanceOf(InvalidRedisPropertyException.class)
			.hasMessageContaining("'" + property + "'")
			.hasMessageContaining(reason));
	}

	private static NearCacheOptions nearCache(EarnbaseRedisCacheManager manager, String name) {
		return manager.getCache(name).getNativeCache().options().nearCache();
	}

	@Test
	void springCacheTypeOtherThanRedisLeavesTheCacheManagerToBoot() {
		ApplicationContextRunner caching = this.runner.withUserConfiguration(CachingConfiguration.class);
		caching.withPropertyValues("spring.cache.type=none").run((context) -> {
			assertThat(context).hasSingleBean(Cache.class);
			assertThat(context).doesNotHaveBean(EarnbaseRedisCacheManager.class);
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(NoOpCacheManager.class);
		});
		caching.withPropertyValues("spring.cache.type=simple").run((context) -> {
			assertThat(context).doesNotHaveBean(EarnbaseRedisCacheManager.class);
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
		});
		caching.withPropertyValues("spring.cache.type=redis")
			.run((context) -> assertThat(context.getBean(CacheManager.class))
				.isInstanceOf(EarnbaseRedisCacheManager.class));
	}

	@Test
	void bootsTimeToLiveIsTheSpringCachesDefaultTtl() {
		ApplicationContextRunner caching = this.runner.withUserConfiguration(CachingConfiguration.class);
		caching.withPropertyValues("spring.cache.redis.time-to-live=90s", "earnbase.redis.cache.ttls.users=600")
			.run((context) -> {
				EarnbaseRedisCacheManager manager = context.getBean(EarnbaseRedisCacheManager.class);
				assertThat(manager.getCache("orders").ttl()).isEqualTo(Duration.ofSeconds(90));
				assertThat(manager.getCache("users").ttl()).isEqualTo(Duration.ofMinutes(10));
				// Boot's setting is a Spring Cache setting: the Cache bean keeps its own
				// TTL.
				assertThat(context.getBean(RedisCache.class).defaultTtl()).isEqualTo(Duration.ofHours(1));
			});
		// A bare number means milliseconds there, as Boot reads it.
		caching.withPropertyValues("spring.cache.redis.time-to-live=90000")
			.run((context) -> assertThat(context.getBean(EarnbaseRedisCacheManager.class).getCache("orders").ttl())
				.isEqualTo(Duration.ofSeconds(90)));
		caching.withPropertyValues("spring.cache.redis.time-to-live=90s", "earnbase.redis.cache.ttl=90")
			.run((context) -> assertThat(context.getBean(EarnbaseRedisCacheManager.class).getCache("orders").ttl())
				.isEqualTo(Duration.ofSeconds(90)));
		caching.withPropertyValues("spring.cache.redis.time-to-live=90s", "earnbase.redis.cache.ttl=60")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidRedisPropertyException.class)
				.hasMessageContaining("spring.cache.redis.time-to-live")
				.hasMessageContaining("earnbase.redis.cache.ttl=PT1M"));
		caching.withPropertyValues("spring.cache.redis.time-to-live=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("spring.cache.redis.time-to-live")
				.hasMessageContaining("must be positive"));
	}

	@Test
	void cacheNullValuesFromEitherPropertyAndBothMustAgree() {
		ApplicationContextRunner caching = this.runner.withUserConfiguration(CachingConfiguration.class);
		caching.run((context) -> assertThat(
				context.getBean(EarnbaseRedisCacheManager.class).getCache("c").isAllowNullValues())
			.isTrue());
		caching.withPropertyValues("earnbase.redis.cache.cache-null-values=false")
			.run((context) -> assertThat(
					context.getBean(EarnbaseRedisCacheManager.class).getCache("c").isAllowNullValues())
				.isFalse());
		caching.withPropertyValues("spring.cache.redis.cache-null-values=false")
			.run((context) -> assertThat(context.getBean(EarnbaseRedisCacheManager.class).isAllowNullValues())
				.isFalse());
		caching
			.withPropertyValues("spring.cache.redis.cache-null-values=false",
					"earnbase.redis.cache.cache-null-values=false")
			.run((context) -> assertThat(context.getBean(EarnbaseRedisCacheManager.class).isAllowNullValues())
				.isFalse());
		caching
			.withPropertyValues("spring.cache.redis.cache-null-values=false",
					"earnbase.redis.cache.cache-null-values=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidRedisPropertyException.class)
				.hasMessageContaining("spring.cache.redis.cache-null-values")
				.hasMessageContaining("earnbase.redis.cache.cache-null-values=true"));
	}

	@Test
	void bootsKeyPrefixSettingsStopStartupNamingTheNamespaceProperty() {
		ApplicationContextRunner caching = this.runner.withUserConfiguration(CachingConfiguration.class);
		caching.withPropertyValues("spring.cache.redis.key-prefix=myapp:")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidRedisPropertyException.class)
				.hasMessageContaining("spring.cache.redis.key-prefix")
				.hasMessageContaining("earnbase.redis.cache.namespace"));
		caching.withPropertyValues("spring.cache.redis.use-key-prefix=false")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("spring.cache.redis.use-key-prefix")
				.hasMessageContaining("earnbase.redis.cache.namespace"));
		caching.withPropertyValues("spring.cache.redis.use-key-prefix=true")
			.run((context) -> assertThat(context).hasSingleBean(EarnbaseRedisCacheManager.class));
	}

	@Test
	void enableStatisticsIsWhatTheCacheMetersAlreadyDo() {
		ApplicationContextRunner caching = this.runner.withUserConfiguration(CachingConfiguration.class)
			.withBean(SimpleMeterRegistry.class);
		caching.withPropertyValues("spring.cache.redis.enable-statistics=true").run((context) -> {
			context.getBean(CacheManager.class).getCache("orders").get("missing");
			assertThat(context.getBean(SimpleMeterRegistry.class)
				.get("earnbase.redis.cache.requests")
				.tags("cache", "orders", "result", "miss")
				.counter()
				.count()).isEqualTo(1);
		});
		caching.withPropertyValues("spring.cache.redis.enable-statistics=false")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidRedisPropertyException.class)
				.hasMessageContaining("spring.cache.redis.enable-statistics")
				.hasMessageContaining("management.metrics.enable.earnbase.redis.cache=false"));
	}

	@Test
	void bootsCacheNamesAreCreatedAtStartup() {
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.cache.cache-names=accounts,reports")
			.run((context) -> {
				EarnbaseRedisCacheManager manager = context.getBean(EarnbaseRedisCacheManager.class);
				assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("accounts", "reports");
				manager.getCache("later");
				assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("accounts", "reports", "later");
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
