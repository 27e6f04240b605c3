package com.earnbase.redis.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.testsupport.RedisTopology;
import io.lettuce.core.cluster.SlotHash;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The {@link RateLimiter} contract against a real Redis, for every algorithm. Subclasses
 * choose the deployment (standalone, Sentinel, Cluster); clients are created only through
 * {@link #topology()}.
 */
abstract class AbstractRateLimiterIntegrationTests {

	/** Far longer than any test, so that nothing expires or refills while it runs. */
	private static final Duration LONG_WINDOW = Duration.ofHours(1);

	protected final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<LettuceRedisClient> clients = new ArrayList<>();

	private final Set<String> usedKeys = ConcurrentHashMap.newKeySet();

	protected String prefix;

	protected LettuceRedisClient client;

	/**
	 * The deployment the suite runs against.
	 * @return the topology
	 */
	protected abstract RedisTopology topology();

	@BeforeEach
	void connect() {
		this.prefix = topology().newPrefix("ratelimit");
		this.client = newClient();
	}

	@AfterEach
	void cleanUp() {
		for (String key : this.usedKeys) {
			topology().raw().del(key);
		}
		this.clients.forEach(LettuceRedisClient::close);
	}

	/**
	 * A further client on the same prefix, as another application instance would have.
	 */
	protected LettuceRedisClient newClient() {
		LettuceRedisClient created = topology().clientBuilder()
			.prefix(this.prefix)
			.meterRegistry(this.registry)
			.build();
		this.clients.add(created);
		return created;
	}

	/**
	 * A limiter on the given client; give its keys to {@code key(...)} so that they are
	 * deleted after the test.
	 */
	protected RedisRateLimiter limiter(LettuceRedisClient on, RateLimitAlgorithm algorithm) {
		return new RedisRateLimiter(on, RedisRateLimiter.DEFAULT_NAMESPACE, algorithm, RateLimitFailurePolicy.DENY);
	}

	private RedisRateLimiter limiter(RateLimitAlgorithm algorithm) {
		return limiter(this.client, algorithm);
	}

	private String key(RedisRateLimiter limiter, String key) {
		for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
			this.usedKeys.addAll(List.of(limiter.keys(algorithm, key)));
		}
		return key;
	}

	@ParameterizedTest
	@EnumSource(RateLimitAlgorithm.class)
	void concurrentCallsGetExactlyTheLimit(RateLimitAlgorithm algorithm) throws Exception {
		RedisRateLimiter limiter = limiter(algorithm);
		String key = key(limiter, "concurrent");
		int limit = 40;
		int threads = 16;
		int calls = 4 * limit;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<RateLimitDecision>> results = new ArrayList<>();
		try {
			for (int i = 0; i < calls; i++) {
				results.add(pool.submit(() -> {
					start.await();
					return limiter.tryAcquire(key, limit, LONG_WINDOW);
				}));
			}
			start.countDown();
			List<RateLimitDecision> decisions = new ArrayList<>();
			for (Future<RateLimitDecision> result : results) {
				decisions.add(result.get(30, TimeUnit.SECONDS));
			}
			List<RateLimitDecision> allowed = decisions.stream().filter(RateLimitDecision::allowed).toList();
			assertThat(allowed).hasSize(limit);
			// each admitted call saw a different count: no two calls were admitted on the
			// same state
			assertThat(allowed.stream().map(RateLimitDecision::remaining).collect(Collectors.toSet())).hasSize(limit)
				.allSatisfy((remaining) -> assertThat(remaining).isBetween(0, limit - 1));
			assertThat(decisions).filteredOn((decision) -> !decision.allowed())
				.hasSize(calls - limit)
				.allSatisfy((denied) -> assertThat(denied.retryAfter()).isPositive());
		}
		finally {
			pool.shutdownNow();
		}
	}

	@ParameterizedTest
	@EnumSource(RateLimitAlgorithm.class)
	void remainingCountsDownToZero(RateLimitAlgorithm algorithm) {
		RedisRateLimiter limiter = limiter(algorithm);
		String key = key(limiter, "countdown");
		for (int expected = 4; expected >= 0; expected--) {
			RateLimitDecision decision = limiter.tryAcquire(key, 5, LONG_WINDOW);
			assertThat(decision.allowed()).isTrue();
			assertThat(decision.limit()).isEqualTo(5);
			assertThat(decision.remaining()).isEqualTo(expected);
			assertThat(decision.retryAfter()).isZero();
			assertThat(decision.resetAfter()).isPositive().isLessThanOrEqualTo(longestWait(algorithm, LONG_WINDOW));
		}
		RateLimitDecision denied = limiter.tryAcquire(key, 5, LONG_WINDOW);
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.remaining()).isZero();
		assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(longestWait(algorithm, LONG_WINDOW));
		assertThat(limiter.isAllowed(key, 5, LONG_WINDOW)).isFalse();
	}

	@ParameterizedTest
	@EnumSource(RateLimitAlgorithm.class)
	void weightedCallsTakeSeveralPermits(RateLimitAlgorithm algorithm) {
		RedisRateLimiter limiter = limiter(algorithm);
		String key = key(limiter, "weighted");
		assertThat(limiter.tryAcquire(key, 4, 10, LONG_WINDOW).remaining()).isEqualTo(6);
		RateLimitDecision tooMany = limiter.tryAcquire(key, 7, 10, LONG_WINDOW);
		assertThat(tooMany.allowed()).isFalse();
		assertThat(tooMany.remaining()).isEqualTo(6);
		RateLimitDecision rest = limiter.tryAcquire(key, 6, 10, LONG_WINDOW);
		assertThat(rest.allowed()).isTrue();
		assertThat(rest.remaining()).isZero();
		assertThat(limiter.tryAcquire(key, 1, 10, LONG_WINDOW).allowed()).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.tryAcquire(key, 11, 10, LONG_WINDOW))
			.withMessageContaining("permits");
	}

	@ParameterizedTest
	@EnumSource(RateLimitAlgorithm.class)
	void waitingRetryAfterIsEnoughAndNotWaitingIsNot(RateLimitAlgorithm algorithm) throws InterruptedException {
		RedisRateLimiter limiter = limiter(algorithm);
		// windows: the whole window after the first call; token bucket: one permit every
		// window / limit = 800 ms
		Duration window = Duration.ofMillis(2400);
		Duration early = Duration.ofMillis(200);
		// The early call proves something only when it reached Redis before retryAfter
		// had passed since the denial: a stalled machine gets a fresh key, at most 3
		// times.
		for (int attempt = 1;; attempt++) {
			String key = key(limiter, "retry-" + attempt);
			for (int i = 0; i < 3; i++) {
				assertThat(limiter.tryAcquire(key, 3, window).allowed()).isTrue();
			}
			long beforeDenial = System.nanoTime();
			RateLimitDecision denied = limiter.tryAcquire(key, 3, window);
			long deniedAt = System.nanoTime();
			assertThat(denied.allowed()).isFalse();
			assertThat(denied.retryAfter()).isGreaterThan(early).isLessThanOrEqualTo(longestWait(algorithm, window));

			sleepUntil(deniedAt, denied.retryAfter().minus(early));
			RateLimitDecision tooEarly = limiter.tryAcquire(key, 3, window);
			boolean reachedRedisInTime = System.nanoTime() - beforeDenial < denied.retryAfter().toNanos();
			if (!reachedRedisInTime && attempt < 3) {
				continue;
			}
			assertThat(reachedRedisInTime).as("the early call answered before retryAfter (attempt %d)", attempt)
				.isTrue();
			assertThat(tooEarly.allowed()).as("a call %s before retryAfter", early).isFalse();
			assertThat(tooEarly.retryAfter()).isPositive().isLessThanOrEqualTo(early);

			sleepUntil(deniedAt, denied.retryAfter());
			assertThat(limiter.tryAcquire(key, 3, window).allowed()).as("a call after retryAfter").isTrue();
			return;
		}
	}

	@ParameterizedTest
	@EnumSource(RateLimitAlgorithm.class)
	void theFullLimitIsBackAfterResetAfter(RateLimitAlgorithm algorithm) throws InterruptedException {
		RedisRateLimiter limiter = limiter(algorithm);
		String key = key(limiter, "reset");
		// Long enough that a token bucket does not refill one of the 4 tokens (every
		// window/4) during the calls.
		Duration window = Duration.ofMillis(2000);
		RateLimitDecision last = null;
		for (int i = 0; i < 4; i++) {
			last = limiter.tryAcquire(key, 4, window);
			assertThat(last.allowed()).isTrue();
		}
		long lastAt = System.nanoTime();
		assertThat(limiter.tryAcquire(key, 4, window).allowed()).isFalse();
		assertThat(last.resetAfter()).isLessThanOrEqualTo(longestWait(algorithm, window));
		sleepUntil(lastAt, last.resetAfter());
		RateLimitDecision all = limiter.tryAcquire(key, 4, 4, window);
		assertThat(all.allowed()).isTrue();
		assertThat(all.remaining()).isZero();
	}

	@Test
	void slidingWindowFreesPermitsAsTheirCallsLeaveTheWindow() throws InterruptedException {
		RedisRateLimiter limiter = limiter(RateLimitAlgorithm.SLIDING_WINDOW);
		String key = key(limiter, "sliding");
		Duration window = Duration.ofMillis(1500);
		long firstSent = System.nanoTime();
		assertThat(limiter.tryAcquire(key, 1, 4, window).allowed()).isTrue();
		Thread.sleep(400);
		assertThat(limiter.tryAcquire(key, 3, 4, window).remaining()).isZero();
		long secondReceived = System.nanoTime();
		// one permit comes back when the first call leaves the window, two only when the
		// second one does
		long oneSent = System.nanoTime();
		RateLimitDecision one = limiter.tryAcquire(key, 1, 4, window);
		RateLimitDecision two = limiter.tryAcquire(key, 2, 4, window);
		long deniedAt = System.nanoTime();
		assertThat(one.allowed()).isFalse();
		assertThat(two.allowed()).isFalse();
		// The scripts score calls in whole milliseconds of Redis's clock, so each time
		// below may be 1 ms off. The two calls were scored at least 400 ms apart (the
		// sleep), at most as far apart as the client saw them; each retryAfter counts
		// from its own call, so the later one is shorter by the time between the two
		// denied calls (10 ms seen under load).
		Duration betweenDenied = Duration.ofNanos(deniedAt - oneSent);
		assertThat(two.retryAfter().minus(one.retryAfter())).isBetween(Duration.ofMillis(398).minus(betweenDenied),
				Duration.ofNanos(secondReceived - firstSent).plusMillis(1));
		assertThat(one.resetAfter()).isGreaterThanOrEqualTo(two.retryAfter()).isLessThanOrEqualTo(window);

		sleepUntil(deniedAt, one.retryAfter());
		// no second burst at the edge: the first call's permit is back, the other three
		// are not
		RateLimitDecision edge = limiter.tryAcquire(key, 1, 4, window);
		assertThat(edge.allowed()).isTrue();
		assertThat(edge.remaining()).isZero();
		assertThat(limiter.tryAcquire(key, 1, 4, window).allowed()).isFalse();
	}

	@Test
	void tokenBucketRefillsSmoothly() throws InterruptedException {
		RedisRateLimiter limiter = limiter(RateLimitAlgorithm.TOKEN_BUCKET);
		String key = key(limiter, "smooth");
		Duration window = Duration.ofMillis(4000);
		Duration perToken = Duration.ofMillis(1000);
		long firstSent = System.nanoTime();
		assertThat(limiter.tryAcquire(key, 4, 4, window).allowed()).isTrue();
		long deniedSent = System.nanoTime();
		RateLimitDecision denied = limiter.tryAcquire(key, 1, 4, window);
		long deniedAt = System.nanoTime();
		Duration elapsed = Duration.ofNanos(deniedAt - firstSent);
		assertThat(denied.allowed()).isFalse();
		// one token every window / limit; the bucket is full again one window after the
		// burst
		// Less than the elapsed time, to the millisecond the Redis clock truncates to.
		assertThat(denied.retryAfter()).isBetween(perToken.minus(elapsed).minusMillis(1), perToken);
		assertThat(denied.resetAfter()).isBetween(window.minus(elapsed).minusMillis(1), window);
		// a second token takes one interval more, less the time that passed since
		Duration twoTokens = limiter.tryAcquire(key, 2, 4, window).retryAfter();
		Duration since = Duration.ofNanos(System.nanoTime() - deniedSent).plusMillis(1);
		assertThat(twoTokens).isBetween(denied.retryAfter().plus(perToken).minus(since),
				denied.retryAfter().plus(perToken).plusMillis(1));
		sleepUntil(deniedAt, denied.retryAfter());
		RateLimitDecision refilled = limiter.tryAcquire(key, 1, 4, window);
		assertThat(refilled.allowed()).isTrue();
		assertThat(refilled.remaining()).isZero();
		assertThat(limiter.tryAcquire(key, 1, 4, window).allowed()).isFalse();
	}

	@Test
	void slidingWindowCounterGivesPermitsBackGraduallyAfterItsWindow() throws InterruptedException {
		RedisRateLimiter limiter = limiter(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER);
		String key = key(limiter, "counter");
		int limit = 10;
		Duration window = Duration.ofMillis(2000);
		long firstSent = System.nanoTime();
		RateLimitDecision all = limiter.tryAcquire(key, limit, limit, window);
		long firstReceived = System.nanoTime();
		assertThat(all.allowed()).isTrue();
		assertThat(all.remaining()).isZero();
		// the window starts with this call; its permits weigh until the window after it
		// has ended
		assertThat(all.resetAfter()).isEqualTo(window.multipliedBy(2));
		String state = limiter.keys(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER, key)[0];
		assertThat(topology().raw().hlen(state)).isEqualTo(3);
		assertThat(topology().raw().pttl(state)).isBetween(window.toMillis(), window.multipliedBy(2).toMillis());

		// Half way into the next window: the sliding log would have all ten permits back
		// (they left its window when this one began), the counter still weighs them by
		// the half of the previous window that the sliding view still covers.
		sleepUntil(firstReceived, window.multipliedBy(3).dividedBy(2));
		long probeSent = System.nanoTime();
		RateLimitDecision probe = limiter.tryAcquire(key, 1, limit, window);
		long probeReceived = System.nanoTime();
		// Redis ran the first call between firstSent and firstReceived and the probe
		// between probeSent and probeReceived, each truncated to its millisecond.
		long earliest = Duration.ofNanos(probeSent - firstReceived).toMillis() - 1 - window.toMillis();
		long latest = Duration.ofNanos(probeReceived - firstSent).toMillis() + 1 - window.toMillis();
		assertThat(latest).as("the probe ran in the window after the first call's").isLessThan(window.toMillis());
		// available: floor(limit - limit x (window - elapsed) / window) =
		// floor(limit x elapsed / window)
		assertThat(probe.allowed()).isTrue();
		assertThat(probe.remaining()).isBetween((int) (limit * earliest / window.toMillis()) - 1,
				(int) (limit * latest / window.toMillis()) - 1);
		// the probe's window began one window after the first call's; its permit weighs
		// until the window after it has ended, and so does the hash
		assertThat(probe.resetAfter().toMillis()).isBetween(2 * window.toMillis() - latest,
				2 * window.toMillis() - earliest);
		assertThat(topology().raw().hlen(state)).isEqualTo(3);
		assertThat(topology().raw().pttl(state)).isGreaterThan(window.toMillis())
			.isLessThanOrEqualTo(probe.resetAfter().toMillis());

		// Taking one permit at a time until denied: never more than the weighted count
		// allows when the last one was sent, and the next permit comes back within
		// window / limit.
		int taken = 1;
		RateLimitDecision next = probe;
		while (next.allowed() && taken <= limit) {
			next = limiter.tryAcquire(key, 1, limit, window);
			taken += next.allowed() ? 1 : 0;
		}
		long lastReceived = System.nanoTime();
		long latestTaken = Duration.ofNanos(lastReceived - firstSent).toMillis() + 1 - window.toMillis();
		assertThat(next.allowed()).isFalse();
		assertThat(taken).isLessThanOrEqualTo((int) (limit * latestTaken / window.toMillis()));
		assertThat(next.retryAfter()).isPositive().isLessThanOrEqualTo(window.dividedBy(limit).plusMillis(1));
	}

	@ParameterizedTest
	@EnumSource(RateLimitAlgorithm.class)
	void everyCheckSendsItsOwnPermitsLimitAndWindow(RateLimitAlgorithm algorithm) {
		RedisRateLimiter limiter = limiter(algorithm);
		String a = key(limiter, "policy:a");
		String b = key(limiter, "policy:b");
		// policies alternate, and permit counts go past the ones the limiter writes once
		assertThat(limiter.tryAcquire(a, 1, 5, LONG_WINDOW).remaining()).isEqualTo(4);
		assertThat(limiter.tryAcquire(b, 16, 40, LONG_WINDOW).remaining()).isEqualTo(24);
		assertThat(limiter.tryAcquire(a, 2, 5, LONG_WINDOW).remaining()).isEqualTo(2);
		assertThat(limiter.tryAcquire(b, 17, 40, LONG_WINDOW).remaining()).isEqualTo(7);
		assertThat(limiter.tryAcquire(b, 8, 40, LONG_WINDOW).allowed()).isFalse();
		assertThat(limiter.tryAcquire(a, 2, 5, LONG_WINDOW).remaining()).isZero();
	}

	@ParameterizedTest
	@EnumSource(RateLimitAlgorithm.class)
	void independentClientsShareTheLimit(RateLimitAlgorithm algorithm) {
		RedisRateLimiter first = limiter(algorithm);
		RedisRateLimiter second = limiter(newClient(), algorithm);
		String key = key(first, "shared");
		assertThat(first.tryAcquire(key, 4, LONG_WINDOW).remaining()).isEqualTo(3);
		assertThat(second.tryAcquire(key, 4, LONG_WINDOW).remaining()).isEqualTo(2);
		assertThat(first.tryAcquire(key, 4, LONG_WINDOW).remaining()).isEqualTo(1);
		assertThat(second.tryAcquire(key, 4, LONG_WINDOW).remaining()).isEqualTo(0);
		assertThat(first.isAllowed(key, 4, LONG_WINDOW)).isFalse();
		assertThat(second.isAllowed(key, 4, LONG_WINDOW)).isFalse();
	}

	@ParameterizedTest
	@EnumSource(RateLimitAlgorithm.class)
	void scriptFlushChangesNothingForTheCaller(RateLimitAlgorithm algorithm) {
		RedisRateLimiter limiter = limiter(algorithm);
		String key = key(limiter, "flush");
		assertThat(limiter.tryAcquire(key, 3, LONG_WINDOW).remaining()).isEqualTo(2);
		topology().raw().scriptFlush();
		assertThat(limiter.tryAcquire(key, 3, LONG_WINDOW).remaining()).isEqualTo(1);
		topology().raw().scriptFlush();
		assertThat(limiter.tryAcquire(key, 3, LONG_WINDOW).remaining()).isEqualTo(0);
		assertThat(limiter.tryAcquire(key, 3, LONG_WINDOW).allowed()).isFalse();
		assertThat(this.registry.get(RedisRateLimiter.DECISIONS_COUNTER)
			.tags("result", "error", "algorithm", algorithm.propertyName())
			.counter()
			.count()).isZero();
	}

	@ParameterizedTest
	@EnumSource(RateLimitAlgorithm.class)
	void keysAreSeparatePerKeyAndPerAlgorithm(RateLimitAlgorithm algorithm) {
		RedisRateLimiter limiter = limiter(algorithm);
		String a = key(limiter, "user:a");
		String b = key(limiter, "user:b");
		assertThat(limiter.isAllowed(a, 1, LONG_WINDOW)).isTrue();
		assertThat(limiter.isAllowed(a, 1, LONG_WINDOW)).isFalse();
		assertThat(limiter.isAllowed(b, 1, LONG_WINDOW)).isTrue();
		for (RateLimitAlgorithm other : RateLimitAlgorithm.values()) {
			if (other != algorithm) {
				assertThat(limiter.tryAcquire(a, 1, RateLimitPolicy.of(other, 1, LONG_WINDOW)).allowed()).isTrue();
			}
		}
	}

	@ParameterizedTest
	@EnumSource(RateLimitAlgorithm.class)
	void keysOfOneLimitedKeyShareAHashSlot(RateLimitAlgorithm algorithm) {
		RedisRateLimiter limiter = limiter(algorithm);
		String key = key(limiter, "slot");
		assertThat(limiter.isAllowed(key, 2, LONG_WINDOW)).isTrue();
		String[] keys = limiter.keys(algorithm, key);
		assertThat(keys).allSatisfy((k) -> assertThat(k).startsWith(this.prefix + ":ratelimit:{slot}"));
		assertThat(keys).allSatisfy((k) -> assertThat(topology().raw().exists(k)).isEqualTo(1L));
		assertThat(Set.of(keys).stream().map(SlotHash::getSlot).distinct()).hasSize(1);
		// every key expires by itself
		assertThat(keys).allSatisfy((k) -> assertThat(topology().raw().pttl(k)).isPositive()
			.isLessThanOrEqualTo(longestWait(algorithm, LONG_WINDOW).toMillis()));
	}

	@Test
	void theDefaultAlgorithmAndThePolicyAlgorithmAreUsed() {
		RedisRateLimiter limiter = limiter(RateLimitAlgorithm.FIXED_WINDOW);
		String key = key(limiter, "default");
		limiter.tryAcquire(key, 2, LONG_WINDOW);
		limiter.tryAcquire(key, 1, RateLimitPolicy.of(2, LONG_WINDOW));
		limiter.tryAcquire(key, 1, RateLimitPolicy.of(RateLimitAlgorithm.TOKEN_BUCKET, 2, LONG_WINDOW));
		assertThat(topology().raw().exists(limiter.keys(RateLimitAlgorithm.FIXED_WINDOW, key))).isEqualTo(1L);
		assertThat(topology().raw().get(limiter.keys(RateLimitAlgorithm.FIXED_WINDOW, key)[0])).isEqualTo("2");
		assertThat(topology().raw().exists(limiter.keys(RateLimitAlgorithm.TOKEN_BUCKET, key))).isEqualTo(1L);
		assertThat(topology().raw().exists(limiter.keys(RateLimitAlgorithm.SLIDING_WINDOW, key))).isZero();
	}

	@Test
	void decisionsAreCountedByResultAndAlgorithmNeverByKey() {
		RedisRateLimiter limiter = limiter(RateLimitAlgorithm.SLIDING_WINDOW);
		String key = key(limiter, "metered-key");
		limiter.tryAcquire(key, 2, LONG_WINDOW);
		limiter.tryAcquire(key, 2, LONG_WINDOW);
		limiter.tryAcquire(key, 2, LONG_WINDOW);
		assertThat(this.registry.get(RedisRateLimiter.DECISIONS_COUNTER)
			.tags("result", "allowed", "algorithm", "sliding-window")
			.counter()
			.count()).isEqualTo(2);
		assertThat(this.registry.get(RedisRateLimiter.DECISIONS_COUNTER)
			.tags("result", "denied", "algorithm", "sliding-window")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.getMeters())
			.allSatisfy((meter) -> assertThat(meter.getId().getTags().toString()).doesNotContain("metered-key")
				.doesNotContain(this.prefix));
	}

	@Test
	void badInputFailsBeforeAnyCall() {
		RedisRateLimiter limiter = limiter(RateLimitAlgorithm.SLIDING_WINDOW);
		Duration w = Duration.ofSeconds(1);
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.tryAcquire(null, 1, w))
			.withMessageContaining("key");
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.isAllowed(" ", 1, w))
			.withMessageContaining("key");
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.tryAcquire("k", 0, w))
			.withMessageContaining("limit");
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.tryAcquire("k", 0, 5, w))
			.withMessageContaining("permits");
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.tryAcquire("k", 6, 5, w))
			.withMessageContaining("permits");
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.tryAcquire("k", 1, (Duration) null))
			.withMessageContaining("window");
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.tryAcquire("k", 1, Duration.ZERO))
			.withMessageContaining("window");
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.tryAcquire("k", 1, Duration.ofNanos(500_000)))
			.withMessageContaining("window");
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.tryAcquire("k", 1, (RateLimitPolicy) null))
			.withMessageContaining("policy");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> limiter.tryAcquire("k", 1_000_000, Duration.ofDays(365 * 100)))
			.withMessageContaining("limit x window");
		assertThat(this.registry.find(RedisRateLimiter.DECISIONS_COUNTER).counters())
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
	}

	/**
	 * The longest {@code retryAfter}, {@code resetAfter} or key expiry an algorithm
	 * gives: one window (and the millisecond Redis's clock truncates to), two for the
	 * sliding window counter, whose permits weigh until the window after theirs has
	 * ended.
	 */
	private static Duration longestWait(RateLimitAlgorithm algorithm, Duration window) {
		Duration longest = (algorithm != RateLimitAlgorithm.SLIDING_WINDOW_COUNTER) ? window : window.multipliedBy(2);
		return longest.plusMillis(1);
	}

	private static void sleepUntil(long startNanos, Duration after) throws InterruptedException {
		// Redis times the limits by its wall clock (ms), the test by the JVM's monotonic
		// clock; under NTP slewing
		// they drift apart by up to 0.5 ms a second, so the test waits 5 ms more than the
		// decision said.
		long remaining = startNanos + after.plusMillis(5).toNanos() - System.nanoTime();
		if (remaining > 0) {
			TimeUnit.NANOSECONDS.sleep(remaining);
		}
	}

}
