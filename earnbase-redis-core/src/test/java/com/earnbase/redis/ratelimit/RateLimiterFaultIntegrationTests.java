package com.earnbase.redis.ratelimit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.testsupport.FaultProxy;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limiter under network faults, on a dedicated {@code redis-server} behind a
 * {@link FaultProxy}: it fails open or closed as configured within about the command
 * timeout, and a check whose reply is lost when the connection drops is not counted twice
 * by Lettuce's replay after the reconnect.
 */
class RateLimiterFaultIntegrationTests {

	/**
	 * Command timeout plus the client's await margin (250 ms) and scheduling on a loaded
	 * machine.
	 */
	private static final Duration BOUND = Duration.ofMillis(300 + 700);

	private RedisServerProcess server;

	private FaultProxy proxy;

	private LettuceRedisClient client;

	private LettuceRedisClient direct;

	@BeforeEach
	void start() {
		this.server = RedisTestServer.dedicated();
		this.proxy = FaultProxy.to(this.server);
		this.direct = (LettuceRedisClient) RedisClient.builder().url(this.server.url()).prefix("rf").build();
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.direct.close();
		this.proxy.close();
		this.server.close();
	}

	@Test
	void failsOpenOrClosedAsConfiguredWhileTheNetworkIsFrozen() {
		this.client = client(Duration.ofMillis(300));
		RedisRateLimiter closed = new RedisRateLimiter(this.client, "rl", RateLimitAlgorithm.SLIDING_WINDOW,
				RateLimitFailurePolicy.DENY);
		RedisRateLimiter open = new RedisRateLimiter(this.client, "rl", RateLimitAlgorithm.SLIDING_WINDOW,
				RateLimitFailurePolicy.ALLOW);
		assertThat(closed.isAllowed("k", 10, Duration.ofMinutes(1))).isTrue();

		this.proxy.blackhole();
		long start = System.nanoTime();
		RateLimitDecision denied = closed.tryAcquire("k", 10, Duration.ofMinutes(1));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.retryAfter()).isEqualTo(RedisRateLimiter.FAILURE_RETRY_AFTER);
		start = System.nanoTime();
		assertThat(open.isAllowed("k", 10, Duration.ofMinutes(1))).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);

		this.proxy.restore();
		RedisServerProcess.awaitUntil("limits enforced again", Duration.ofSeconds(5),
				() -> closed.tryAcquire("k", 10, Duration.ofMinutes(1)).remaining() < 10);
	}

	@Test
	void aCheckWhoseReplyIsLostIsNotCountedTwice() throws Exception {
		// A timeout long enough for Lettuce to reconnect and replay the EVALSHA within
		// it.
		this.client = client(Duration.ofSeconds(3));
		RedisRateLimiter limiter = new RedisRateLimiter(this.client, "rl", RateLimitAlgorithm.FIXED_WINDOW,
				RateLimitFailurePolicy.DENY);
		RateLimitPolicy twoPerHour = RateLimitPolicy.of(2, Duration.ofHours(1));
		// Loads the script, so the check below is one EVALSHA rather than NOSCRIPT and an
		// EVAL.
		limiter.tryAcquire("warm-up", 1, twoPerHour);
		String counter = limiter.keys(RateLimitAlgorithm.FIXED_WINDOW, "k")[0];

		this.proxy.replyLatency(Duration.ofSeconds(20));
		CompletableFuture<RateLimitDecision> check = CompletableFuture
			.supplyAsync(() -> limiter.tryAcquire("k", 1, twoPerHour));
		// Redis counted the step; only the reply is held back.
		RedisServerProcess.awaitUntil("the step counted", Duration.ofSeconds(3),
				() -> this.server.call((redis) -> redis.exists(counter)) == 1L);
		this.proxy.cutConnections();
		RateLimitDecision first = check.get(10, TimeUnit.SECONDS);

		// One call, one step: the second of two permits is still there, whatever the
		// first caller was told.
		RedisRateLimiter other = new RedisRateLimiter(this.direct, "rl", RateLimitAlgorithm.FIXED_WINDOW,
				RateLimitFailurePolicy.DENY);
		RateLimitDecision second = other.tryAcquire("k", 1, twoPerHour);
		assertThat(second.allowed()).as("second check (first caller was told %s)", first).isTrue();
		assertThat(second.remaining()).isZero();
		assertThat(other.tryAcquire("k", 1, twoPerHour).allowed()).isFalse();
	}

	private LettuceRedisClient client(Duration timeout) {
		return (LettuceRedisClient) RedisClient.builder().url(this.proxy.url()).prefix("rf").timeout(timeout).build();
	}

}
