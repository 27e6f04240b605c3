package com.earnbase.redis.autoconfigure.boot4;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.autoconfigure.EarnbaseRedisAutoConfiguration;
import com.earnbase.redis.autoconfigure.EarnbaseRedisCacheAutoConfiguration;
import com.earnbase.redis.testsupport.RedisAclFixture;
import com.earnbase.redis.testsupport.RedisClusterFixture;
import com.earnbase.redis.testsupport.RedisSentinelFixture;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTlsFixture;
import com.earnbase.redis.testsupport.RedisTopology;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Boot 4 bridge against real servers: the same {@code earnbase.redis.*} properties
 * point the earnbase client and Boot's {@code StringRedisTemplate} at one deployment
 * (standalone, Sentinel, Cluster, TLS, ACL); without them the client follows Boot's
 * connection details; health; and one observation per command with Boot's Lettuce
 * tracing.
 */
class Boot4RedisBridgeAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(SslAutoConfiguration.class, EarnbaseRedisAutoConfiguration.class, Boot4RedisBridgeAutoConfiguration.class,
				Boot4HealthAutoConfiguration.class, DataRedisAutoConfiguration.class));

	static Stream<RedisTopology> topologies() {
		return Stream.of(RedisTestServer.shared(), RedisSentinelFixture.shared(), RedisClusterFixture.shared(),
				RedisTlsFixture.shared(), RedisTlsFixture.sharedMutual(), RedisAclFixture.shared());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("topologies")
	void earnbaseClientAndBootTemplateTalkToTheSameDeployment(RedisTopology topology) {
		String prefix = topology.newPrefix("bridge4");
		this.runner.withPropertyValues(topology.applicationProperties().toArray(String[]::new))
			.withPropertyValues("earnbase.redis.prefix=" + prefix)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(LettuceRedisClient.class)
					.hasSingleBean(StringRedisTemplate.class)
					.hasSingleBean(DataRedisConnectionDetails.class);
				LettuceRedisClient client = context.getBean(LettuceRedisClient.class);
				StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
				client.set("from-earnbase", "1");
				assertThat(template.opsForValue().get(prefix + ":from-earnbase")).isEqualTo("1");
				template.opsForValue().set(prefix + ":from-boot", "2");
				assertThat(client.get("from-boot")).isEqualTo("2");
				LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
				assertThat(factory.getSentinelConfiguration() != null).isEqualTo(topology.name().equals("sentinel"));
				assertThat(factory.getClusterConfiguration() != null).isEqualTo(topology.name().equals("cluster"));
				assertThat(factory.isUseSsl()).isEqualTo(topology.name().endsWith("tls"));
				assertThat(context.getBean(DataRedisConnectionDetails.class).toString())
					.doesNotContain(String.valueOf(context.getBean(DataRedisConnectionDetails.class).getPassword()));
			});
		topology.deleteKeys(prefix);
	}

	@Test
	@Tag("slow")
	void bootsTemplateReachesSentinelsThatWantTheirOwnPassword() {
		try (RedisSentinelFixture sentinels = RedisSentinelFixture.dedicatedSecured(false)) {
			this.runner
				.withPropertyValues("earnbase.redis.url=" + sentinels.url(),
						"earnbase.redis.username=" + RedisSentinelFixture.DATA_USER,
						"earnbase.redis.password=" + RedisSentinelFixture.DATA_PASSWORD,
						"earnbase.redis.sentinel.password=" + RedisSentinelFixture.SENTINEL_PASSWORD)
				.run((context) -> {
					DataRedisConnectionDetails details = context.getBean(DataRedisConnectionDetails.class);
					assertThat(details.getSentinel().getPassword()).isEqualTo(RedisSentinelFixture.SENTINEL_PASSWORD);
					assertThat(details.toString()).doesNotContain(RedisSentinelFixture.SENTINEL_PASSWORD)
						.doesNotContain(RedisSentinelFixture.DATA_PASSWORD);
					context.getBean(StringRedisTemplate.class).opsForValue().set("sentinel-secured", "boot");
					assertThat(sentinels.raw().get("sentinel-secured")).isEqualTo("boot");
				});
		}
	}

	@Test
	void followsBootsConnectionDetailsWhenNoUrlIsSet() {
		RedisTestServer server = RedisTestServer.shared();
		String prefix = server.newPrefix("follow4");
		this.runner.withPropertyValues("spring.data.redis.url=" + server.url(), "earnbase.redis.prefix=" + prefix)
			.run((context) -> {
				assertThat(context.getBean(DataRedisConnectionDetails.class))
					.isNotInstanceOf(EarnbaseDataRedisConnectionDetails.class);
				context.getBean(RedisClient.class).set("via-boot", "x");
				assertThat(server.raw().get(prefix + ":via-boot")).isEqualTo("x");
			});
		server.deleteKeys(prefix);
	}

	@Test
	void healthIsUp() {
		this.runner.withPropertyValues("earnbase.redis.url=" + RedisTestServer.shared().url()).run((context) -> {
			Health health = context.getBean("earnbase-redisHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKeys("pingMs", "version").containsEntry("role", "master");
		});
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
	void eachCommandIsObservedOnceWithBootsLettuceTracing() {
		List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				stopped.add(context);
			}

		});
		String prefix = RedisTestServer.shared().newPrefix("traced4");
		this.runner.withConfiguration(AutoConfigurations.of(LettuceObservationAutoConfiguration.class))
			.withBean(ObservationRegistry.class, () -> observations)
			.withPropertyValues("earnbase.redis.url=" + RedisTestServer.shared().url(),
					"earnbase.redis.prefix=" + prefix)
			.run((context) -> {
				context.getBean(RedisClient.class).set("traced-key", "v");
				await().untilAsserted(() -> assertThat(stopped).anySatisfy(
						(observation) -> assertThat(observation.getContextualName()).isEqualToIgnoringCase("set")));
				Thread.sleep(200);
				assertThat(stopped.stream()
					.filter((observation) -> "set".equalsIgnoreCase(observation.getContextualName()))).hasSize(1);
			});
		RedisTestServer.shared().deleteKeys(prefix);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
