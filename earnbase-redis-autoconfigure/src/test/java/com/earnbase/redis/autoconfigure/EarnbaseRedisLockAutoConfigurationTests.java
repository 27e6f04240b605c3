package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.util.Optional;

import com.earnbase.redis.lock.LockHandle;
import com.earnbase.redis.lock.LockOptions;
import com.earnbase.redis.lock.LockService;
import com.earnbase.redis.lock.RedisLockService;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EarnbaseRedisLockAutoConfiguration} in an application context, against the
 * shared real Redis.
 */
class EarnbaseRedisLockAutoConfigurationTests {

	private final String prefix = RedisTopology.uniquePrefix("lock-autoconfig");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(EarnbaseRedisAutoConfiguration.class, EarnbaseRedisLockAutoConfiguration.class))
		.withPropertyValues(RedisTestServer.shared().applicationProperties().toArray(String[]::new))
		.withPropertyValues("earnbase.redis.prefix=" + this.prefix);

	@Test
	void createsALockServiceWithTheDefaults() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(LockService.class);
			RedisLockService service = context.getBean(RedisLockService.class);
			assertThat(service.options()).isEqualTo(LockOptions.defaults());
			try (LockHandle lock = service.acquire("autoconfig", Duration.ofSeconds(1))) {
				assertThat(RedisTestServer.shared().raw().get(this.prefix + ":lock:{autoconfig}")).isEqualTo(lock.id());
			}
			RedisTestServer.shared().deleteKeys(this.prefix);
		});
	}

	@Test
	void bindsTheLockProperties() {
		this.runner
			.withPropertyValues("earnbase.redis.lock.namespace=mutex", "earnbase.redis.lock.lease-time=5s",
					"earnbase.redis.lock.max-hold-time=2m")
			.run((context) -> {
				RedisLockService service = context.getBean(RedisLockService.class);
				assertThat(service.options().namespace()).isEqualTo("mutex");
				assertThat(service.options().leaseTime()).isEqualTo(Duration.ofSeconds(5));
				assertThat(service.options().maxHoldTime()).isEqualTo(Duration.ofMinutes(2));
				try (LockHandle lock = service.acquire("bound", Duration.ofSeconds(1))) {
					assertThat(RedisTestServer.shared().raw().pttl(this.prefix + ":mutex:{bound}")).isBetween(4000L,
							5000L);
				}
				RedisTestServer.shared().deleteKeys(this.prefix);
			});
	}

	@Test
	void bindsTheReplicaAcknowledgementProperties() {
		this.runner
			.withPropertyValues("earnbase.redis.lock.replicas-to-ack=1",
					"earnbase.redis.lock.replicas-ack-timeout=250ms")
			.run((context) -> {
				LockOptions options = context.getBean(RedisLockService.class).options();
				assertThat(options.replicasToAck()).isEqualTo(1);
				assertThat(options.replicasAckTimeout()).isEqualTo(Duration.ofMillis(250));
			});
	}

	@Test
	void rejectsInvalidReplicaAcknowledgementProperties() {
		this.runner.withPropertyValues("earnbase.redis.lock.replicas-to-ack=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidRedisPropertyException.class)
				.hasMessageContaining("earnbase.redis.lock.replicas-to-ack");
		});
		this.runner.withPropertyValues("earnbase.redis.lock.replicas-ack-timeout=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidRedisPropertyException.class)
				.hasMessageContaining("earnbase.redis.lock.replicas-ack-timeout");
		});
		// WAIT's bound must end before the client's command timeout gives up on it.
		this.runner
			.withPropertyValues("earnbase.redis.timeout=500ms", "earnbase.redis.lock.replicas-to-ack=1",
					"earnbase.redis.lock.replicas-ack-timeout=500ms")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidRedisPropertyException.class)
					.hasMessageContaining("earnbase.redis.lock.replicas-ack-timeout")
					.hasMessageContaining("command timeout");
			});
	}

	@Test
	void canBeSwitchedOff() {
		this.runner.withPropertyValues("earnbase.redis.lock.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LockService.class));
	}

	@Test
	void backsOffWhenTheApplicationHasItsOwnLockService() {
		this.runner.withUserConfiguration(OwnLockService.class).run((context) -> {
			assertThat(context).hasSingleBean(LockService.class);
			assertThat(context.getBean(LockService.class)).isSameAs(OwnLockService.SERVICE);
		});
	}

	@Test
	void needsTheRedisClient() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EarnbaseRedisLockAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LockService.class));
	}

	@Test
	void rejectsAnInvalidLeaseTime() {
		this.runner.withPropertyValues("earnbase.redis.lock.lease-time=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidRedisPropertyException.class)
				.hasMessageContaining("earnbase.redis.lock.lease-time");
		});
	}

	@Test
	void closesTheServiceWithTheContext() {
		RedisLockService[] service = new RedisLockService[1];
		this.runner.run((context) -> service[0] = context.getBean(RedisLockService.class));
		assertThat(service[0]).isNotNull();
		org.assertj.core.api.Assertions.assertThatIllegalStateException()
			.isThrownBy(() -> service[0].tryAcquire("after-close", Duration.ofSeconds(1)))
			.withMessageContaining("closed");
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnLockService {

		static final LockService SERVICE = new LockService() {

			@Override
			public LockHandle acquire(String key, Duration timeout) {
				throw new UnsupportedOperationException();
			}

			@Override
			public LockHandle acquire(String key, Duration leaseTime, Duration waitTime) {
				throw new UnsupportedOperationException();
			}

			@Override
			public Optional<LockHandle> tryAcquire(String key, Duration leaseTime) {
				return Optional.empty();
			}

			@Override
			public boolean release(String key, String lockId) {
				return false;
			}

			@Override
			public <T> T withLock(String key, Duration waitTime, java.util.function.Supplier<T> action) {
				throw new UnsupportedOperationException();
			}

			@Override
			public void withLock(String key, Duration waitTime, Runnable action) {
				throw new UnsupportedOperationException();
			}

		};

		@Bean
		LockService ownLockService() {
			return SERVICE;
		}

	}

}
