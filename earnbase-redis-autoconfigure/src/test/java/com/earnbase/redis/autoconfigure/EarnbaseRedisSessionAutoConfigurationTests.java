package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.util.Map;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.session.RedisSessionStore;
import com.earnbase.redis.session.SessionStore;
import com.earnbase.redis.session.SessionStoreOptions;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link SessionStore} bean from {@code earnbase.redis.session.*}, against a real
 * Redis.
 */
class EarnbaseRedisSessionAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EarnbaseRedisAutoConfiguration.class,
				EarnbaseRedisSessionAutoConfiguration.class))
		.withPropertyValues(RedisTestServer.shared().applicationProperties().toArray(String[]::new))
		.withPropertyValues("earnbase.redis.prefix=" + RedisTopology.uniquePrefix("session-autoconfig"));

	@Test
	void createsTheStoreWithDefaults() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SessionStore.class);
			SessionStoreOptions options = context.getBean(RedisSessionStore.class).options();
			assertThat(options).isEqualTo(SessionStoreOptions.defaults());
			SessionStore store = context.getBean(SessionStore.class);
			String id = store.create(Map.of("userId", "u-1"));
			assertThat(store.get(id)).isEqualTo(Map.of("userId", "u-1"));
			store.delete(id);
			assertThat(store.find(id)).isEmpty();
		});
	}

	@Test
	void propertiesConfigureTheStoreIndependentlyOfTheClientTtl() {
		this.runner
			.withPropertyValues("earnbase.redis.ttl=10s", "earnbase.redis.session.ttl=90",
					"earnbase.redis.session.sliding=false", "earnbase.redis.session.namespace=web-session")
			.run((context) -> assertThat(context.getBean(RedisSessionStore.class).options())
				.isEqualTo(new SessionStoreOptions("web-session", Duration.ofSeconds(90), false)));
		this.runner.withPropertyValues("earnbase.redis.ttl=10s")
			.run((context) -> assertThat(context.getBean(RedisSessionStore.class).options().ttl())
				.isEqualTo(Duration.ofMinutes(30)));
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("earnbase.redis.session.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SessionStore.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesAStore() {
		this.runner.withUserConfiguration(OwnStore.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionStore.class);
			assertThat(context.getBean(RedisSessionStore.class).options().namespace()).isEqualTo("mine");
		});
	}

	@Test
	void needsTheEarnbaseClient() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EarnbaseRedisSessionAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SessionStore.class));
	}

	@Test
	void invalidPropertiesStopStartNamingTheProperty() {
		this.runner.withPropertyValues("earnbase.redis.session.namespace=web{1}")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidRedisPropertyException.class)
				.hasMessageContaining("earnbase.redis.session.namespace"));
		this.runner.withPropertyValues("earnbase.redis.session.ttl=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("earnbase.redis.session.ttl"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnStore {

		@Bean
		SessionStore ownSessionStore(LettuceRedisClient client) {
			return new RedisSessionStore(client, SessionStoreOptions.defaults().withNamespace("mine"));
		}

	}

}
