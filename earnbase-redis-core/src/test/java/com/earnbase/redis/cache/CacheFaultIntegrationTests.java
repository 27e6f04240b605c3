package com.earnbase.redis.cache;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisConnectionLostException;
import com.earnbase.redis.RedisOperationTimeoutException;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cache while its own {@code redis-server} is stopped: {@code getOrSet} falls back to
 * the factory ({@link CacheFailurePolicy#COMPUTE}) or throws
 * ({@link CacheFailurePolicy#FAIL}), within about the command timeout, counts
 * {@code result=error}, and caches again once the server is back.
 */
class CacheFaultIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofMillis(400);

	/**
	 * The command timeout plus the client's await margin (250 ms) and scheduling on a
	 * loaded machine; a hang, or a fallback that waited for more than one further
	 * command, would exceed it.
	 */
	private static final Duration BOUND = TIMEOUT.plusMillis(600);

	private RedisServerProcess server;

	private LettuceRedisClient client;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@BeforeEach
	void start() {
		this.server = RedisTestServer.dedicated();
		this.client = (LettuceRedisClient) RedisClient.builder()
			.url(this.server.url())
			.prefix("cf")
			.timeout(TIMEOUT)
			.meterRegistry(this.registry)
			.build();
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.close();
	}

	@Test
	void computeFallsBackToTheFactoryWhileRedisIsDownAndCachesAgainAfterwards() {
		RedisCache cache = new RedisCache(this.client, RedisCacheOptions.defaults());
		AtomicInteger calls = new AtomicInteger();
		assertThat(cache.getOrSet("k", String.class, () -> "v" + calls.incrementAndGet())).isEqualTo("v1");
		this.server.stop();
		for (int i = 2; i <= 3; i++) {
			long start = System.nanoTime();
			String value = cache.getOrSet("k", String.class, () -> "v" + calls.incrementAndGet());
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(value).isEqualTo("v" + i);
			assertThat(took).isLessThan(BOUND);
		}
		long start = System.nanoTime();
		String async = cache
			.getOrSetAsync("k", String.class, Duration.ofMinutes(1),
					() -> java.util.concurrent.CompletableFuture.completedFuture("v" + calls.incrementAndGet()))
			.orTimeout(5, TimeUnit.SECONDS)
			.join();
		assertThat(async).isEqualTo("v4");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
		assertThat(errors()).isEqualTo(3.0);
		// A factory failure is the factory's, not hidden by the fallback.
		assertThatThrownBy(() -> cache.getOrSet("k", String.class, () -> {
			throw new IllegalStateException("factory broke");
		})).isInstanceOf(IllegalStateException.class).hasMessage("factory broke");

		this.server.restart();
		RedisServerProcess.awaitUntil("reconnect", Duration.ofSeconds(5), () -> cache.get("k", String.class).isEmpty());
		assertThat(cache.getOrSet("k", String.class, () -> "v-new")).isEqualTo("v-new");
		assertThat(cache.getOrSet("k", String.class, () -> "not called")).isEqualTo("v-new");
	}

	@Test
	void failThrowsTheLibrarysExceptionWithinTheTimeoutWithoutCallingTheFactory() {
		RedisCache cache = new RedisCache(this.client,
				RedisCacheOptions.defaults().withOnFailure(CacheFailurePolicy.FAIL));
		this.server.stop();
		AtomicInteger calls = new AtomicInteger();
		long start = System.nanoTime();
		assertThatThrownBy(() -> cache.getOrSet("k", String.class, () -> "v" + calls.incrementAndGet()))
			.isInstanceOfAny(RedisOperationTimeoutException.class, RedisConnectionLostException.class)
			.hasMessageContaining("cache.get");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
		assertThat(calls).hasValue(0);
		assertThat(errors()).isEqualTo(1.0);
	}

	private double errors() {
		return this.registry.get("earnbase.redis.cache.requests").tag("result", "error").counter().count();
	}

}
