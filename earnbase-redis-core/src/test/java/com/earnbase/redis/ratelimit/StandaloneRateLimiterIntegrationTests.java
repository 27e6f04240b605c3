package com.earnbase.redis.ratelimit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared suite on a standalone Redis, plus what needs a server of the test's own:
 * failure policies with the server stopped, and the commands the limiter really sends
 * (MONITOR).
 */
class StandaloneRateLimiterIntegrationTests extends AbstractRateLimiterIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofMillis(300);

	/** The command timeout, Lettuce's timer granularity and a loaded CI machine. */
	private static final Duration MAX_FAILURE_TIME = TIMEOUT.plusSeconds(1);

	@Override
	protected RedisTopology topology() {
		return RedisTestServer.shared();
	}

	@ParameterizedTest
	@EnumSource(RateLimitAlgorithm.class)
	void failClosedDeniesQuicklyWhenRedisIsDown(RateLimitAlgorithm algorithm) {
		try (RedisServerProcess server = RedisTestServer.dedicated();
				LettuceRedisClient down = dedicatedClient(server)) {
			RedisRateLimiter limiter = new RedisRateLimiter(down, "ratelimit", algorithm, RateLimitFailurePolicy.DENY);
			assertThat(limiter.tryAcquire("k", 5, Duration.ofMinutes(1)).remaining()).isEqualTo(4);
			server.stop();
			for (int i = 0; i < 2; i++) {
				long start = System.nanoTime();
				RateLimitDecision decision = limiter.tryAcquire("k", 5, Duration.ofMinutes(1));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(MAX_FAILURE_TIME);
				assertThat(decision.allowed()).isFalse();
				assertThat(decision.remaining()).isZero();
				assertThat(decision.retryAfter()).isEqualTo(RedisRateLimiter.FAILURE_RETRY_AFTER);
			}
			assertThat(errors(algorithm)).isEqualTo(2);
		}
	}

	@ParameterizedTest
	@EnumSource(RateLimitAlgorithm.class)
	void failOpenAllowsQuicklyWhenRedisIsDown(RateLimitAlgorithm algorithm) {
		try (RedisServerProcess server = RedisTestServer.dedicated();
				LettuceRedisClient down = dedicatedClient(server)) {
			RedisRateLimiter limiter = new RedisRateLimiter(down, "ratelimit", algorithm, RateLimitFailurePolicy.ALLOW);
			assertThat(limiter.isAllowed("k", 1, Duration.ofMinutes(1))).isTrue();
			assertThat(limiter.isAllowed("k", 1, Duration.ofMinutes(1))).isFalse();
			server.stop();
			for (int i = 0; i < 2; i++) {
				long start = System.nanoTime();
				RateLimitDecision decision = limiter.tryAcquire("k", 1, Duration.ofMinutes(1));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(MAX_FAILURE_TIME);
				assertThat(decision.allowed()).isTrue();
				assertThat(decision.retryAfter()).isZero();
			}
			assertThat(errors(algorithm)).isEqualTo(2);
		}
	}

	@Test
	void theScriptsGetNoTimeFromTheClient() throws IOException {
		try (RedisServerProcess server = RedisTestServer.dedicated();
				LettuceRedisClient direct = dedicatedClient(server);
				Socket monitor = new Socket("127.0.0.1", server.port())) {
			monitor.setSoTimeout(5000);
			OutputStream out = monitor.getOutputStream();
			out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8));
			assertThat(in.readLine()).isEqualTo("+OK");
			RedisRateLimiter limiter = new RedisRateLimiter(direct);
			for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
				RateLimitDecision decision = limiter.tryAcquire("clock", 2,
						RateLimitPolicy.of(algorithm, 7, Duration.ofSeconds(90)));
				assertThat(decision.allowed()).isTrue();
				assertThat(decision.remaining()).isEqualTo(5);
			}
			List<List<String>> scriptCalls = new ArrayList<>();
			while (scriptCalls.size() < RateLimitAlgorithm.values().length) {
				List<String> words = words(in.readLine());
				if (!words.isEmpty() && words.get(0).equalsIgnoreCase("evalsha")
						|| !words.isEmpty() && words.get(0).equalsIgnoreCase("eval")) {
					scriptCalls.add(words);
				}
			}
			long nowMillis = System.currentTimeMillis();
			for (List<String> call : scriptCalls) {
				int keys = Integer.parseInt(call.get(2));
				// exactly permits, limit and window (ms): no timestamp of the client's
				assertThat(call.subList(3 + keys, call.size())).containsExactly("2", "7", "90000");
				assertThat(call).noneSatisfy((word) -> assertThat(word)
					.matches((w) -> w.matches("\\d{9,}") && isNear(Long.parseLong(w), nowMillis), "a timestamp"));
			}
		}
	}

	private static boolean isNear(long value, long nowMillis) {
		long day = Duration.ofDays(1).toMillis();
		return Math.abs(value - nowMillis) < day || Math.abs(value - nowMillis / 1000) < day / 1000
				|| Math.abs(value - nowMillis * 1000) < day * 1000;
	}

	/**
	 * The quoted words of a MONITOR line, without its time and client:
	 * {@code "evalsha" "sha" "1" "key" ...}.
	 */
	private static List<String> words(String line) {
		List<String> words = new ArrayList<>();
		int bracket = line.indexOf("] ");
		if (bracket < 0) {
			return words;
		}
		// possessive: a backtracking group recurses once per character and overflows the
		// stack on the EVAL line that carries a whole script
		Matcher matcher = Pattern.compile("\"((?:[^\"\\\\]++|\\\\.)*+)\"").matcher(line.substring(bracket + 2));
		while (matcher.find()) {
			words.add(matcher.group(1));
		}
		return words;
	}

	private LettuceRedisClient dedicatedClient(RedisServerProcess server) {
		return RedisClient.builder()
			.url(server.url())
			.timeout(TIMEOUT)
			.connectTimeout(TIMEOUT)
			.meterRegistry(this.registry)
			.build();
	}

	private double errors(RateLimitAlgorithm algorithm) {
		return this.registry.get(RedisRateLimiter.DECISIONS_COUNTER)
			.tags("result", "error", "algorithm", algorithm.propertyName())
			.counter()
			.count();
	}

}
