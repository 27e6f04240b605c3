package com.earnbase.redis.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The sliding window counter against the exact sliding log, both sent the same calls at
 * the same moments of the Redis clock: the arrival pattern where the counter admits the
 * most more than the log (a full window's permits at the very end of one window, then as
 * many as allowed at the very end of the next), and the one where it admits the most less
 * (a full window's permits at the very start of one window, then the full limit asked
 * right after the next one begins). What the counter admits is checked against its
 * formula at the Redis times the calls ran (read with {@code TIME} before and after, and
 * from the state the scripts wrote), so the test fails when the weighting is wrong,
 * missing (a fixed window) or exact (a log).
 * <p>
 * The tests schedule calls on Redis's clock to within about {@value #MARGIN_MILLIS} ms of
 * a window's end; when the machine stalls longer, the Redis state shows it and the
 * pattern is repeated on a new key, at most {@value #ATTEMPTS} times.
 */
class SlidingWindowCounterAccuracyIntegrationTests {

	private static final int LIMIT = 100;

	private static final Duration WINDOW = Duration.ofMillis(3000);

	private static final long W = WINDOW.toMillis();

	/** How far before a window's end a burst is scheduled. */
	private static final long MARGIN_MILLIS = 100;

	private static final int ATTEMPTS = 3;

	private static final RateLimitPolicy COUNTER = RateLimitPolicy.of(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER, LIMIT,
			WINDOW);

	private static final RateLimitPolicy LOG = RateLimitPolicy.of(RateLimitAlgorithm.SLIDING_WINDOW, LIMIT, WINDOW);

	private final RedisTopology topology = RedisTestServer.shared();

	private final RedisCommands<String, String> raw = RedisTestServer.shared().raw();

	private String prefix;

	private LettuceRedisClient client;

	private RedisRateLimiter limiter;

	@BeforeEach
	void connect() {
		this.prefix = this.topology.newPrefix("swc-accuracy");
		this.client = this.topology.clientBuilder().prefix(this.prefix).build();
		this.limiter = new RedisRateLimiter(this.client);
	}

	@AfterEach
	void cleanUp() {
		this.topology.deleteKeys(this.prefix);
		this.client.close();
	}

	@Test
	void admitsAlmostTwiceTheLimitInOneWindowWhereTheLogAdmitsTheLimit() throws InterruptedException {
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			String key = "over-" + attempt;
			// one permit opens the counter's window at t0
			assertThat(this.limiter.tryAcquire(key, 1, COUNTER).allowed()).isTrue();
			assertThat(this.limiter.tryAcquire(key, 1, LOG).allowed()).isTrue();
			long t0 = counterState(key)[0];

			// the rest of the limit at the very end of that window, on both
			sleepUntilRedisTime(t0 + W - MARGIN_MILLIS);
			assertThat(this.limiter.tryAcquire(key, LIMIT - 1, COUNTER).allowed()).isTrue();
			assertThat(this.limiter.tryAcquire(key, LIMIT - 1, LOG).allowed()).isTrue();
			long[] state = counterState(key);
			long firstBurst = newestLogScore(key);
			if (state[0] != t0 || state[1] != LIMIT) {
				continue; // stalled into the next window: repeat on a new key
			}

			// as much as each allows at the very end of the next window, while the log
			// still holds the first burst
			sleepUntilRedisTime(firstBurst + W - MARGIN_MILLIS);
			long before = redisTime();
			int counterTook = takeAll(key, COUNTER);
			int logTook = takeAll(key, LOG);
			long after = redisTime();
			if (after >= firstBurst + W) {
				continue; // the log's first burst left its window during the burst
			}
			// the counter at elapsed e into its second window, with previous = LIMIT and
			// current = 0, admits floor(LIMIT x e / W); e is between these two
			long earliest = before - (t0 + W);
			long latest = after - (t0 + W);
			assertThat(counterTook).isBetween((int) (LIMIT * earliest / W), (int) (LIMIT * latest / W));
			// the log gets back the one permit taken at t0, no more
			assertThat(logTook).isEqualTo(1);

			int counterInWindow = (LIMIT - 1) + counterTook;
			int logInWindow = (LIMIT - 1) + logTook;
			long interval = after - firstBurst + 1;
			System.out.printf("over-admission: within %d ms (window %d ms) the counter admitted %d permits, "
					+ "the log %d; the bound is %d%n", interval, W, counterInWindow, logInWindow, worstCase());
			assertThat(logInWindow).isEqualTo(LIMIT);
			// the burst ran at least W - 2 x MARGIN into the counter's second window
			assertThat(counterInWindow).isLessThanOrEqualTo(worstCase())
				.isGreaterThanOrEqualTo(LIMIT - 1 + (int) (LIMIT * (W - 2 * MARGIN_MILLIS) / W));
			return;
		}
		fail("the machine stalled for more than " + MARGIN_MILLIS + " ms in each of " + ATTEMPTS + " attempts");
	}

	@Test
	void admitsAlmostNothingWhereTheLogAdmitsTheFullLimit() throws InterruptedException {
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			String key = "under-" + attempt;
			// the full limit at the very start of a window, on both
			assertThat(this.limiter.tryAcquire(key, LIMIT, COUNTER).allowed()).isTrue();
			assertThat(this.limiter.tryAcquire(key, LIMIT, LOG).allowed()).isTrue();
			long t0 = counterState(key)[0];
			long logged = newestLogScore(key);

			// just after the next window began and the log's entries left its window
			sleepUntilRedisTime(Math.max(t0, logged) + W);
			long before = redisTime();
			RateLimitDecision counter = this.limiter.tryAcquire(key, LIMIT, COUNTER);
			RateLimitDecision log = this.limiter.tryAcquire(key, LIMIT, LOG);
			long after = redisTime();
			long earliest = before - (t0 + W);
			long latest = after - (t0 + W);
			if (latest >= MARGIN_MILLIS) {
				continue; // stalled: the counter gave back too much to show the pattern
			}
			System.out.printf(
					"under-admission: %d-%d ms into the next window the log admitted %d permits, "
							+ "the counter %d (remaining %d, retry after %d ms)%n",
					earliest, latest, log.allowed() ? LIMIT : 0, counter.allowed() ? LIMIT : 0, counter.remaining(),
					counter.retryAfter().toMillis());
			assertThat(log.allowed()).isTrue();
			// previous = LIMIT weighs LIMIT x (W - e) / W: floor(LIMIT x e / W) permits
			// are
			// back, all of them only at the end of this window
			assertThat(counter.allowed()).isFalse();
			assertThat(counter.remaining()).isBetween((int) (LIMIT * earliest / W), (int) (LIMIT * latest / W));
			assertThat(counter.retryAfter().toMillis()).isBetween(W - latest, W - earliest);
			assertThat(counter.resetAfter()).isEqualTo(counter.retryAfter());
			return;
		}
		fail("the machine stalled for more than " + MARGIN_MILLIS + " ms in each of " + ATTEMPTS + " attempts");
	}

	/**
	 * The largest number of permits the counter admits in an interval of one window:
	 * {@code LIMIT} at the last millisecond of one window, then
	 * {@code floor(LIMIT x (W - 2) / W)} at the last millisecond the exact window still
	 * holds them.
	 */
	private static int worstCase() {
		return LIMIT + (int) (LIMIT * (W - 2) / W);
	}

	/**
	 * Takes one permit, then what the decision says remains, until a call of one permit
	 * is denied (both algorithms only give permits back as time passes, so a call for
	 * what remained is allowed).
	 * @return the permits taken
	 */
	private int takeAll(String key, RateLimitPolicy policy) {
		int taken = 0;
		int asked = 1;
		RateLimitDecision decision = this.limiter.tryAcquire(key, asked, policy);
		while (decision.allowed() && taken <= 2 * LIMIT) {
			taken += asked;
			asked = Math.max(decision.remaining(), 1);
			decision = this.limiter.tryAcquire(key, asked, policy);
		}
		assertThat(asked).as("the denied call asked one permit").isEqualTo(1);
		return taken;
	}

	/** The counter's hash: window start (Redis ms), current count, previous count. */
	private long[] counterState(String key) {
		String state = this.limiter.keys(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER, key)[0];
		List<String> values = this.raw.hmget(state, "s", "c", "p")
			.stream()
			.map((value) -> value.getValueOrElse("0"))
			.toList();
		return new long[] { Long.parseLong(values.get(0)), Long.parseLong(values.get(1)),
				Long.parseLong(values.get(2)) };
	}

	/** The Redis time (ms) at which the log admitted its newest entry. */
	private long newestLogScore(String key) {
		String log = this.limiter.keys(RateLimitAlgorithm.SLIDING_WINDOW, key)[0];
		List<ScoredValue<String>> newest = this.raw.zrangeWithScores(log, -1, -1);
		return (long) newest.get(0).getScore();
	}

	private long redisTime() {
		List<String> time = this.raw.time();
		return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
	}

	private void sleepUntilRedisTime(long target) throws InterruptedException {
		long now = redisTime();
		while (now < target) {
			TimeUnit.MILLISECONDS.sleep(Math.min(target - now, 20));
			now = redisTime();
		}
	}

}
