package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.util.Map;

import com.earnbase.redis.RedisServerGauges;
import com.earnbase.redis.autoconfigure.boot3.Boot3HealthAutoConfiguration;
import com.earnbase.redis.autoconfigure.boot3.Boot3RedisBridgeAutoConfiguration;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Actuator health indicator and the INFO gauges, against real servers. */
class EarnbaseRedisOperationsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(EarnbaseRedisAutoConfiguration.class, Boot3RedisBridgeAutoConfiguration.class,
						Boot3HealthAutoConfiguration.class, EarnbaseRedisServerMetricsAutoConfiguration.class))
		.withPropertyValues("earnbase.redis.url=" + RedisTestServer.shared().url());

	@Test
	void healthIsUpWithPingVersionAndRole() {
		this.runner.run((context) -> {
			assertThat(context).hasBean("earnbase-redisHealthIndicator");
			Health health = context.getBean("earnbase-redisHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKeys("pingMs", "version")
				.containsEntry("role", "master")
				.doesNotContainKey("clusterState");
			assertThat((String) health.getDetails().get("version")).startsWith("7.");
		});
	}

	@Test
	void healthIsDownWithTheErrorWhenRedisStops() {
		try (RedisServerProcess server = RedisTestServer.dedicated()) {
			this.runner.withPropertyValues("earnbase.redis.url=" + server.url(), "earnbase.redis.timeout=500ms")
				.run((context) -> {
					HealthIndicator indicator = context.getBean("earnbase-redisHealthIndicator", HealthIndicator.class);
					assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
					server.stop();
					Health down = indicator.health();
					assertThat(down.getStatus()).isEqualTo(Status.DOWN);
					assertThat(down.getDetails()).containsKey("error");
				});
		}
	}

	@Test
	void healthShowsWhetherEachNearCacheTracksInvalidationsAlsoWhenRedisIsDown() {
		try (RedisServerProcess server = RedisTestServer.dedicated()) {
			ApplicationContextRunner caching = this.runner
				.withConfiguration(AutoConfigurations.of(EarnbaseRedisCacheAutoConfiguration.class))
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("earnbase.redis.url=" + server.url(), "earnbase.redis.timeout=500ms");
			caching.run((context) -> {
				context.getBean(CacheManager.class).getCache("accounts");
				assertThat(
						context.getBean("earnbase-redisHealthIndicator", HealthIndicator.class).health().getDetails())
					.doesNotContainKey("nearCache");
			});
			caching
				.withPropertyValues("earnbase.redis.cache.near.enabled=true",
						"earnbase.redis.cache.near.cache-names=accounts")
				.run((context) -> {
					CacheManager manager = context.getBean(CacheManager.class);
					manager.getCache("accounts");
					manager.getCache("orders");
					HealthIndicator indicator = context.getBean("earnbase-redisHealthIndicator", HealthIndicator.class);
					await().atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> assertThat(indicator.health().getDetails()).containsEntry("nearCache",
								Map.of("accounts", "active", "earnbaseRedisCache", "active")));
					assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
					server.stop();
					await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
						Health down = indicator.health();
						assertThat(down.getStatus()).isEqualTo(Status.DOWN);
						assertThat(down.getDetails()).containsKey("error")
							.containsEntry("nearCache",
									Map.of("accounts", "inactive", "earnbaseRedisCache", "inactive"));
					});
				});
		}
	}

	@Test
	void healthBacksOffAndCanBeDisabled() {
		this.runner
			.withBean("earnbase-redisHealthIndicator", HealthIndicator.class, () -> () -> Health.unknown().build())
			.run((context) -> assertThat(
					context.getBean("earnbase-redisHealthIndicator", HealthIndicator.class).health().getStatus())
				.isEqualTo(Status.UNKNOWN));
		this.runner.withPropertyValues("management.health.earnbase-redis.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("earnbase-redisHealthIndicator"));
	}

	@Test
	void serverGaugesAreOffByDefault() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).doesNotHaveBean(RedisServerGauges.class));
	}

	@Test
	void serverGaugesPollInfo() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("earnbase.redis.server-metrics.enabled=true",
					"earnbase.redis.server-metrics.interval=100ms")
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisServerGauges.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
					assertThat(registry.get("earnbase.redis.server.used.memory").gauge().value()).isPositive();
					assertThat(registry.get("earnbase.redis.server.connected.clients").gauge().value())
						.isGreaterThanOrEqualTo(1);
				});
				assertThat(registry.get("earnbase.redis.server.keyspace.hits").gauge().value()).isNotNaN();
				assertThat(registry.get("earnbase.redis.server.evicted.keys").gauge().value()).isNotNaN();
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
