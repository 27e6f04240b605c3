package com.earnbase.redis.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisOperationTimeoutException;
import com.earnbase.redis.testsupport.FaultProxy;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code earnbase.redis.retry.*} properties reach the auto-configured client: off by
 * default, on when set.
 */
class EarnbaseRedisRetryAutoConfigurationTests {

	private RedisServerProcess server;

	private FaultProxy proxy;

	private ApplicationContextRunner runner;

	@BeforeEach
	void start() {
		this.server = RedisTestServer.dedicated();
		this.proxy = FaultProxy.to(this.server);
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EarnbaseRedisAutoConfiguration.class))
			.withPropertyValues("earnbase.redis.url=" + this.proxy.url(), "earnbase.redis.timeout=500ms");
	}

	@AfterEach
	void stop() {
		this.proxy.close();
		this.server.close();
	}

	@Test
	void readsAreNotRetriedByDefault() {
		this.runner.run((context) -> {
			RedisClient client = context.getBean(RedisClient.class);
			client.set("k", "v");
			this.proxy.blackhole();
			healIn(2000);
			assertThatThrownBy(() -> client.get("k")).isInstanceOf(RedisOperationTimeoutException.class);
		});
	}

	@Test
	void retryPropertiesCarryReadsThroughAShortOutage() {
		this.runner.withPropertyValues("earnbase.redis.retry.max-attempts=6", "earnbase.redis.retry.backoff=50ms")
			.run((context) -> {
				RedisClient client = context.getBean(RedisClient.class);
				client.set("k", "v");
				this.proxy.blackhole();
				healIn(700);
				assertThat(client.get("k")).isEqualTo("v");
			});
	}

	private void healIn(long millis) {
		CompletableFuture.runAsync(this.proxy::restore,
				CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
	}

}
