package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.pubsub.PubSubOptions;
import com.earnbase.redis.pubsub.PubSubService;
import com.earnbase.redis.pubsub.RedisPubSubService;
import com.earnbase.redis.pubsub.Subscription;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link EarnbaseRedisPubSubAutoConfiguration} against a real Redis. */
class EarnbaseRedisPubSubAutoConfigurationTests {

	private final RedisTestServer server = RedisTestServer.shared();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(EarnbaseRedisAutoConfiguration.class, EarnbaseRedisPubSubAutoConfiguration.class))
		.withPropertyValues(this.server.applicationProperties().toArray(String[]::new))
		.withPropertyValues("earnbase.redis.prefix=" + RedisTopology.uniquePrefix("pubsub-auto"));

	@Test
	void createsThePubSubServiceWithDefaults() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(PubSubService.class);
			assertThat(context.getBean(RedisPubSubService.class).options()).isEqualTo(PubSubOptions.defaults());
		});
	}

	@Test
	void appliesTheProperties() {
		this.runner
			.withPropertyValues("earnbase.redis.pubsub.namespace=events", "earnbase.redis.pubsub.handler-threads=2",
					"earnbase.redis.pubsub.handler-queue-capacity=50", "earnbase.redis.pubsub.shutdown-timeout=1s",
					"earnbase.redis.pubsub.tag-channels=true")
			.run((context) -> {
				RedisPubSubService service = context.getBean(RedisPubSubService.class);
				assertThat(service.options())
					.isEqualTo(new PubSubOptions("events", 2, 50, Duration.ofSeconds(1), false, true));
				String prefix = context.getBean(LettuceRedisClient.class).prefix();
				assertThat(service.redisChannel("news")).isEqualTo(prefix + "events:news");
			});
	}

	@Test
	void deliversMessages() {
		this.runner.run((context) -> {
			PubSubService service = context.getBean(PubSubService.class);
			BlockingQueue<String> received = new LinkedBlockingQueue<>();
			service.subscribe("hello", String.class, received::add);

			assertThat(service.publish("hello", "world")).isEqualTo(1);

			assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("world");
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesAPubSubService() {
		this.runner.withUserConfiguration(UserServiceConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(PubSubService.class);
			assertThat(context.getBean(RedisPubSubService.class).options().namespace()).isEqualTo("mine");
		});
	}

	@Test
	void canBeDisabled() {
		this.runner.withPropertyValues("earnbase.redis.pubsub.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PubSubService.class));
	}

	@Test
	void needsTheClient() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EarnbaseRedisPubSubAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(PubSubService.class));
	}

	@Test
	void shardedPubSubOnAStandaloneRedisStopsStartUp() {
		this.runner.withPropertyValues("earnbase.redis.pubsub.sharded=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidRedisPropertyException.class)
				.hasMessageContaining("earnbase.redis.pubsub.sharded");
		});
	}

	@Test
	void invalidPropertyStopsStartUp() {
		this.runner.withPropertyValues("earnbase.redis.pubsub.handler-threads=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidRedisPropertyException.class)
				.hasMessageContaining("earnbase.redis.pubsub.handler-threads");
		});
	}

	@Test
	void closingTheContextClosesTheSubscriptions() {
		Subscription[] subscription = new Subscription[1];
		this.runner.run((context) -> subscription[0] = context.getBean(PubSubService.class)
			.subscribe("news", String.class, (message) -> {
			}));

		assertThat(subscription[0].isActive()).isFalse();
	}

	@Test
	void publishesAnEventAfterResubscribing() {
		try (RedisServerProcess dedicated = RedisTestServer.dedicated()) {
			this.runner.withPropertyValues("earnbase.redis.url=" + dedicated.url())
				.withUserConfiguration(EventRecorder.class)
				.run((context) -> {
					PubSubService service = context.getBean(PubSubService.class);
					service.subscribe("news", String.class, (message) -> {
					});
					EventRecorder recorder = context.getBean(EventRecorder.class);

					dedicated.stop();
					dedicated.restart();

					await().atMost(Duration.ofSeconds(15)).until(() -> recorder.events.size() == 1);
					assertThat(recorder.events.get(0).getService()).isSameAs(service);
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class UserServiceConfiguration {

		@Bean
		RedisPubSubService userPubSubService(LettuceRedisClient client) {
			return new RedisPubSubService(client, PubSubOptions.defaults().withNamespace("mine"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EventRecorder {

		final List<RedisPubSubResubscribedEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void onResubscribed(RedisPubSubResubscribedEvent event) {
			this.events.add(event);
		}

	}

}
