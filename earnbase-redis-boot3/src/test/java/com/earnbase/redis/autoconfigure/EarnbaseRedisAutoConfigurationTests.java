package com.earnbase.redis.autoconfigure;

import java.time.Duration;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.autoconfigure.boot3.Boot3RedisBridgeAutoConfiguration;
import com.earnbase.redis.autoconfigure.boot3.EarnbaseRedisConnectionDetails;
import com.earnbase.redis.testsupport.RedisSentinelFixture;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link EarnbaseRedisAutoConfiguration} and the Boot bridge, against a real Redis. */
class EarnbaseRedisAutoConfigurationTests {

	private final RedisTestServer server = RedisTestServer.shared();

	private final String prefix = RedisTopology.uniquePrefix("autoconfig");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(EarnbaseRedisAutoConfiguration.class, Boot3RedisBridgeAutoConfiguration.class))
		.withPropertyValues("earnbase.redis.url=" + this.server.url(), "earnbase.redis.prefix=" + this.prefix);

	@AfterEach
	void cleanUp() {
		this.server.deleteKeys(this.prefix);
	}

	@Test
	void createsAWorkingClientFromTheProperties() {
		this.runner.withPropertyValues("earnbase.redis.ttl=120", "earnbase.redis.db=0").run((context) -> {
			assertThat(context).hasSingleBean(RedisClient.class);
			RedisClient client = context.getBean(RedisClient.class);
			client.set("user:123", "alice");
			assertThat(this.server.raw().get(this.prefix + ":user:123")).isEqualTo("alice");
			// A bare number is seconds.
			assertThat(client.ttl("user:123")).isBetween(118L, 120L);
		});
	}

	@Test
	void bindsDurationsWithUnits() {
		this.runner.withPropertyValues("earnbase.redis.ttl=1h", "earnbase.redis.timeout=750ms").run((context) -> {
			LettuceRedisClient client = context.getBean(LettuceRedisClient.class);
			assertThat(client.defaultTtl()).isEqualTo(Duration.ofHours(1));
			assertThat(client.timeout()).isEqualTo(Duration.ofMillis(750));
		});
	}

	@Test
	void selectsTheConfiguredDatabase() {
		this.runner.withPropertyValues("earnbase.redis.db=3").run((context) -> {
			context.getBean(RedisClient.class).set("in-db-3", "x");
			assertThat(this.server.raw().exists(this.prefix + ":in-db-3")).isZero();
		});
		io.lettuce.core.RedisClient db3 = io.lettuce.core.RedisClient.create(this.server.url() + "/3");
		try (var connection = db3.connect()) {
			assertThat(connection.sync().del(this.prefix + ":in-db-3")).isEqualTo(1);
		}
		finally {
			db3.shutdown();
		}
	}

	@Test
	void backsOffWhenTheApplicationDefinesAClient() {
		this.runner.withUserConfiguration(UserClientConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RedisClient.class);
			assertThat(context.getBean(RedisClient.class).key("k")).isEqualTo("mine:k");
		});
	}

	@Test
	void closesTheClientWithTheContext() {
		LettuceRedisClient[] holder = new LettuceRedisClient[1];
		this.runner.run((context) -> holder[0] = context.getBean(LettuceRedisClient.class));
		org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(() -> holder[0].get("k"));
	}

	@Test
	void recordsTheCommandTimerInTheApplicationsRegistry() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			RedisClient client = context.getBean(RedisClient.class);
			client.set("k", "v");
			client.get("k");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(
					registry.get("earnbase.redis.command").tags("command", "get", "outcome", "success").timer().count())
				.isEqualTo(1);
			assertThat(
					registry.get("earnbase.redis.command").tags("command", "set", "outcome", "success").timer().count())
				.isEqualTo(1);
		});
	}

	@Test
	void sharesBootsClientResources() {
		this.runner.withConfiguration(AutoConfigurations.of(RedisAutoConfiguration.class)).run((context) -> {
			assertThat(context).hasSingleBean(ClientResources.class);
			// Boot's ClientResources carry our customizer: Lettuce's own latency
			// collector stays off.
			assertThat(context.getBean(ClientResources.class).commandLatencyRecorder().isEnabled()).isFalse();
			assertThat(context.getBean(LettuceRedisClient.class).ping()).isPositive();
		});
	}

	@Test
	void consolidatesFlushesOnBootsSharedResourcesUnlessTurnedOff() {
		this.runner.withConfiguration(AutoConfigurations.of(RedisAutoConfiguration.class)).run((context) -> {
			io.netty.channel.embedded.EmbeddedChannel channel = new io.netty.channel.embedded.EmbeddedChannel();
			context.getBean(ClientResources.class).nettyCustomizer().afterChannelInitialized(channel);
			assertThat(channel.pipeline().get(io.netty.handler.flush.FlushConsolidationHandler.class)).isNotNull();
			assertThat(context.getBean(RedisClient.class).ping()).isPositive();
		});
		this.runner.withConfiguration(AutoConfigurations.of(RedisAutoConfiguration.class))
			.withPropertyValues("earnbase.redis.flush-consolidation=false")
			.run((context) -> {
				io.netty.channel.embedded.EmbeddedChannel channel = new io.netty.channel.embedded.EmbeddedChannel();
				context.getBean(ClientResources.class).nettyCustomizer().afterChannelInitialized(channel);
				assertThat(channel.pipeline().get(io.netty.handler.flush.FlushConsolidationHandler.class)).isNull();
			});
	}

	@Test
	void pointsBootsRedisTemplateAtTheSameServer() {
		this.runner.withConfiguration(AutoConfigurations.of(RedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=not-used.invalid", "earnbase.redis.db=2")
			.run((context) -> {
				assertThat(context.getBean(RedisConnectionDetails.class))
					.isInstanceOf(EarnbaseRedisConnectionDetails.class);
				context.getBean(RedisClient.class).set("shared", "from-earnbase");
				StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
				assertThat(template.opsForValue().get(this.prefix + ":shared")).isEqualTo("from-earnbase");
				template.delete(this.prefix + ":shared");
			});
	}

	@Test
	void followsBootsConnectionDetailsWhenNoUrlIsSet() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EarnbaseRedisAutoConfiguration.class,
					Boot3RedisBridgeAutoConfiguration.class, RedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.url=" + this.server.url(), "earnbase.redis.prefix=" + this.prefix)
			.run((context) -> {
				context.getBean(RedisClient.class).set("via-boot", "x");
				assertThat(this.server.raw().get(this.prefix + ":via-boot")).isEqualTo("x");
			});
	}

	@Test
	void leavesTheApplicationsConnectionDetailsAlone() {
		this.runner.withConfiguration(AutoConfigurations.of(RedisAutoConfiguration.class))
			.withBean(RedisConnectionDetails.class, () -> new RedisConnectionDetails() {
				@Override
				public Standalone getStandalone() {
					return Standalone.of("127.0.0.1", 6399);
				}
			})
			.run((context) -> assertThat(context.getBean(RedisConnectionDetails.class).getStandalone().getPort())
				.isEqualTo(6399));
	}

	@Test
	@Tag("slow")
	void bootsTemplateReachesSentinelsThatWantTheirOwnPassword() {
		try (RedisSentinelFixture sentinels = RedisSentinelFixture.dedicatedSecured(false)) {
			this.runner.withConfiguration(AutoConfigurations.of(RedisAutoConfiguration.class))
				.withPropertyValues("earnbase.redis.url=" + sentinels.url(),
						"earnbase.redis.username=" + RedisSentinelFixture.DATA_USER,
						"earnbase.redis.password=" + RedisSentinelFixture.DATA_PASSWORD,
						"earnbase.redis.sentinel.password=" + RedisSentinelFixture.SENTINEL_PASSWORD)
				.run((context) -> {
					RedisConnectionDetails details = context.getBean(RedisConnectionDetails.class);
					assertThat(details.getSentinel().getPassword()).isEqualTo(RedisSentinelFixture.SENTINEL_PASSWORD);
					assertThat(details.toString()).doesNotContain(RedisSentinelFixture.SENTINEL_PASSWORD)
						.doesNotContain(RedisSentinelFixture.DATA_PASSWORD);
					context.getBean(StringRedisTemplate.class).opsForValue().set("sentinel-secured", "boot");
					assertThat(sentinels.raw().get("sentinel-secured")).isEqualTo("boot");
				});
		}
	}

	@Test
	void connectionDetailsNeverShowThePassword() {
		EarnbaseRedisProperties properties = new EarnbaseRedisProperties();
		properties.setUrl("redis://app:s3cret@127.0.0.1:6379");
		var details = new EarnbaseRedisConnectionDetails(properties, null);
		assertThat(details.getPassword()).isEqualTo("s3cret");
		assertThat(details.toString()).doesNotContain("s3cret").contains("app:****@");
	}

	@Test
	void reportsCommandsAsObservationsWithOwnOrSharedResources() {
		for (boolean shared : new boolean[] { false, true }) {
			java.util.List<Observation.Context> stopped = new java.util.concurrent.CopyOnWriteArrayList<>();
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
			ApplicationContextRunner withObservations = this.runner.withBean(ObservationRegistry.class,
					() -> observations);
			if (shared) {
				withObservations = withObservations
					.withConfiguration(AutoConfigurations.of(RedisAutoConfiguration.class));
			}
			withObservations.run((context) -> {
				context.getBean(RedisClient.class).set("traced-key", "secret-value");
				org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(stopped).isNotEmpty());
				assertThat(stopped).anySatisfy(
						(observation) -> assertThat(observation.getContextualName()).isEqualToIgnoringCase("set"));
				assertThat(stopped).allSatisfy((observation) -> assertThat(observation.getAllKeyValues().toString())
					.doesNotContain("traced-key")
					.doesNotContain("secret-value"));
			});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientConfiguration {

		@Bean
		RedisClient myClient() {
			return RedisClient.builder().url(RedisTestServer.shared().url()).prefix("mine").build();
		}

	}

}
