package com.earnbase.redis.autoconfigure;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisServerGauges;
import com.earnbase.redis.autoconfigure.boot3.Boot3HealthAutoConfiguration;
import com.earnbase.redis.cache.Cache;
import com.earnbase.redis.lock.LockHandle;
import com.earnbase.redis.lock.LockService;
import com.earnbase.redis.pubsub.PubSubService;
import com.earnbase.redis.pubsub.Subscription;
import com.earnbase.redis.ratelimit.RateLimiter;
import com.earnbase.redis.session.SessionStore;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application that defines its own {@link RedisClient} bean: one built by
 * {@code RedisClient.builder()} keeps every primitive; any other implementation fails
 * start-up naming the primitives that need the library's client and the properties that
 * switch them off.
 */
class ApplicationRedisClientAutoConfigurationTests {

	private static final List<String> SWITCHES = List.of("earnbase.redis.cache.enabled",
			"earnbase.redis.session.enabled", "earnbase.redis.rate-limiter.enabled", "earnbase.redis.lock.enabled",
			"earnbase.redis.pubsub.enabled");

	private final RedisTestServer server = RedisTestServer.shared();

	private final String prefix = RedisTopology.uniquePrefix("app-client");

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(EarnbaseRedisAutoConfiguration.class, EarnbaseRedisCacheAutoConfiguration.class,
					EarnbaseRedisSessionAutoConfiguration.class, EarnbaseRedisRateLimiterAutoConfiguration.class,
					EarnbaseRedisLockAutoConfiguration.class, EarnbaseRedisPubSubAutoConfiguration.class));

	@AfterEach
	void cleanUp() {
		this.server.deleteKeys(this.prefix);
	}

	@Test
	void clientBuiltByTheBuilderKeepsEveryPrimitive() {
		this.runner
			.withBean("appRedisClient", RedisClient.class,
					() -> this.server.clientBuilder().prefix(this.prefix).build())
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisClient.class).hasBean("appRedisClient");
				Cache cache = context.getBean(Cache.class);
				cache.put("k", "cached", Duration.ofMinutes(1));
				assertThat(cache.get("k", String.class)).contains("cached");
				assertThat(this.server.raw().exists(this.prefix + ":cache:{k}")).isEqualTo(1);
				SessionStore sessions = context.getBean(SessionStore.class);
				String id = sessions.create(Map.of("user", "alice"));
				assertThat(sessions.get(id)).containsEntry("user", "alice");
				RateLimiter limiter = context.getBean(RateLimiter.class);
				assertThat(limiter.tryAcquire("k", 1, Duration.ofMinutes(1)).allowed()).isTrue();
				assertThat(limiter.tryAcquire("k", 1, Duration.ofMinutes(1)).allowed()).isFalse();
				try (LockHandle lock = context.getBean(LockService.class).acquire("k", Duration.ofSeconds(1))) {
					assertThat(this.server.raw().get(this.prefix + ":lock:{k}")).isEqualTo(lock.id());
				}
				PubSubService pubsub = context.getBean(PubSubService.class);
				List<String> received = new CopyOnWriteArrayList<>();
				try (Subscription subscription = pubsub.subscribe("events", String.class, received::add)) {
					await().atMost(Duration.ofSeconds(10)).until(() -> pubsub.publish("events", "hello") > 0);
					await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("hello"));
				}
			});
	}

	@Test
	void handWrittenClientFailsStartUpNamingEveryPrimitiveAndItsSwitch() {
		RedisClient client = handWrittenClient();
		this.runner.withBean(RedisClient.class, () -> client).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			assertThat(failure).rootCause().isInstanceOf(UnsupportedRedisClientException.class);
			FailureAnalysis analysis = analyzer(new MockEnvironment()).analyze(failure);
			assertThat(analysis.getDescription()).contains(client.getClass().getName())
				.contains("cache", "session store", "rate limiter", "lock service", "pub/sub service");
			SWITCHES.forEach((property) -> assertThat(analysis.getAction()).contains(property + "=false"));
		});
	}

	@Test
	void analysisListsOnlyThePrimitivesSwitchedOn() {
		this.runner.withBean(RedisClient.class, ApplicationRedisClientAutoConfigurationTests::handWrittenClient)
			.withPropertyValues("earnbase.redis.cache.enabled=false", "earnbase.redis.session.enabled=false",
					"earnbase.redis.rate-limiter.enabled=false")
			.run((context) -> {
				MockEnvironment environment = new MockEnvironment()
					.withProperty("earnbase.redis.cache.enabled", "false")
					.withProperty("earnbase.redis.session.enabled", "false")
					.withProperty("earnbase.redis.rate-limiter.enabled", "false");
				FailureAnalysis analysis = analyzer(environment).analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("lock service", "pub/sub service")
					.doesNotContain("cache", "session store", "rate limiter");
				assertThat(analysis.getAction())
					.contains("earnbase.redis.lock.enabled=false", "earnbase.redis.pubsub.enabled=false")
					.doesNotContain("earnbase.redis.cache.enabled");
			});
	}

	@Test
	void handWrittenClientStartsWithEveryPrimitiveSwitchedOff() {
		this.runner.withBean(RedisClient.class, ApplicationRedisClientAutoConfigurationTests::handWrittenClient)
			.withPropertyValues(SWITCHES.stream().map((property) -> property + "=false").toArray(String[]::new))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(RedisClient.class)
				.doesNotHaveBean(Cache.class)
				.doesNotHaveBean(SessionStore.class)
				.doesNotHaveBean(RateLimiter.class)
				.doesNotHaveBean(LockService.class)
				.doesNotHaveBean(PubSubService.class));
	}

	@Test
	void clientBuiltByTheBuilderKeepsTheHealthIndicatorAndTheServerGauges() {
		this.runner
			.withConfiguration(AutoConfigurations.of(Boot3HealthAutoConfiguration.class,
					EarnbaseRedisServerMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("earnbase.redis.server-metrics.enabled=true")
			.withBean("appRedisClient", RedisClient.class,
					() -> this.server.clientBuilder().prefix(this.prefix).build())
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisServerGauges.class);
				HealthIndicator health = context.getBean("earnbase-redisHealthIndicator", HealthIndicator.class);
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			});
	}

	@Test
	void handWrittenClientWithServerMetricsOnFailsNamingTheirSwitch() {
		this.runner.withConfiguration(AutoConfigurations.of(EarnbaseRedisServerMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(RedisClient.class, ApplicationRedisClientAutoConfigurationTests::handWrittenClient)
			.withPropertyValues(SWITCHES.stream().map((property) -> property + "=false").toArray(String[]::new))
			.withPropertyValues("earnbase.redis.server-metrics.enabled=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				MockEnvironment environment = new MockEnvironment()
					.withProperty("earnbase.redis.server-metrics.enabled", "true");
				SWITCHES.forEach((property) -> environment.withProperty(property, "false"));
				FailureAnalysis analysis = analyzer(environment).analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("server metrics").doesNotContain("cache");
				assertThat(analysis.getAction()).contains("earnbase.redis.server-metrics.enabled=false");
			});
	}

	/**
	 * The analyzer as Boot builds it from {@code spring.factories}, with the
	 * application's environment.
	 */
	private static FailureAnalyzer analyzer(Environment environment) {
		// Boot's own analyzers want a bean factory too: skip them.
		return SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, SpringFactoriesLoader.ArgumentResolver.of(Environment.class, environment),
					(type, name, failure) -> {
					})
			.stream()
			.filter(UnsupportedRedisClientFailureAnalyzer.class::isInstance)
			.findFirst()
			.orElseThrow();
	}

	/**
	 * A RedisClient the library did not build: a proxy that answers only what the context
	 * itself calls.
	 */
	private static RedisClient handWrittenClient() {
		return (RedisClient) Proxy.newProxyInstance(RedisClient.class.getClassLoader(),
				new Class<?>[] { RedisClient.class }, (proxy, method, args) -> switch (method.getName()) {
					case "toString" -> "hand-written client";
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					case "close" -> null;
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

}
