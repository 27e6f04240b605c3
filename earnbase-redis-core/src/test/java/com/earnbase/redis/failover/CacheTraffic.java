package com.earnbase.redis.failover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.earnbase.redis.cache.CacheFailurePolicy;
import com.earnbase.redis.cache.RedisCache;
import com.earnbase.redis.support.Failures;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Steady {@code getOrSet} traffic on one cache, all on keys the crashed master serves:
 * each round reads the hot keys (cached long before the crash) and a fresh key twice (the
 * first call computes and caches it, the second must hit once Redis works). Checks what
 * the cache promises across a failover under its failure policy.
 */
final class CacheTraffic extends TrafficThread {

	private static final Duration TTL = Duration.ofMinutes(10);

	private final RedisCache cache;

	private final Predicate<String> onMaster;

	private final MeterRegistry meters;

	private final List<String> hotKeys = new ArrayList<>();

	private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

	/** Only touched by the traffic thread. */
	private int candidate;

	/**
	 * Chooses three hot keys on the master and caches them.
	 * @param name the traffic's name
	 * @param cache the cache
	 * @param onMaster whether a Redis key lives on the master that will be killed
	 * @param meters the registry of the cache's client
	 */
	CacheTraffic(String name, RedisCache cache, Predicate<String> onMaster, MeterRegistry meters) {
		super(name, 5);
		this.cache = cache;
		this.onMaster = onMaster;
		this.meters = meters;
		while (this.hotKeys.size() < 3) {
			String key = nextKey("hot-");
			setUp(() -> {
				this.cache.put(key, expected(key), TTL);
				return key;
			});
			this.hotKeys.add(key);
		}
	}

	private String nextKey(String kind) {
		while (true) {
			String key = kind + this.candidate++;
			if (this.onMaster.test(this.cache.redisKey(key))) {
				return key;
			}
		}
	}

	/**
	 * The Redis key of a hot key, to wait for its master's promotion.
	 * @return the key as stored
	 */
	String hotRedisKey() {
		return this.cache.redisKey(this.hotKeys.get(0));
	}

	@Override
	void step() {
		for (String key : this.hotKeys) {
			call(Kind.HOT, key);
		}
		String fresh = nextKey("fresh-");
		call(Kind.FIRST, fresh);
		call(Kind.SECOND, fresh);
	}

	private void call(Kind kind, String key) {
		boolean[] computed = new boolean[1];
		long start = System.nanoTime();
		try {
			// getOrSet runs the factory in the calling thread.
			String value = this.cache.getOrSet(key, String.class, TTL, () -> {
				computed[0] = true;
				return expected(key);
			});
			this.calls.add(new Call(kind, key, start, System.nanoTime(), value, null, computed[0]));
		}
		catch (RuntimeException ex) {
			this.calls.add(new Call(kind, key, start, System.nanoTime(), null, ex, computed[0]));
		}
	}

	private static String expected(String key) {
		return "value of " + key;
	}

	/**
	 * Checks the calls against the guarantees of the cache's failure policy.
	 * @param checks collects the broken guarantees
	 * @param failover the crash
	 * @param longestCall the longest a call may take
	 */
	void check(Checks checks, Failover failover, Duration longestCall) {
		CacheFailurePolicy policy = this.cache.options().onFailure();
		String what = name() + " cache (on-failure " + policy + "): ";
		List<Call> all = List.copyOf(this.calls);
		checks.expect(crashes().isEmpty(), "%straffic crashed: %s", what, crashes());
		checks.expect(all.stream().anyMatch((call) -> call.start() > failover.outageEnd()),
				"%scalls started after the outage ended (promotion + %s)", what, failover.recovery());
		checks.expectNone(what + "values returned are the keys' values",
				all.stream()
					.filter((call) -> call.failure() == null && !expected(call.key()).equals(call.value()))
					.map((call) -> call.describe(failover)));
		checks.expectNone(what + "calls take at most " + longestCall.toMillis() + " ms",
				all.stream()
					.filter((call) -> call.end() - call.start() > longestCall.toNanos())
					.map((call) -> call.describe(failover)));
		checks.expectNone(what + "calls after the outage succeed",
				all.stream()
					.filter((call) -> call.start() > failover.outageEnd() && call.failure() != null)
					.map((call) -> call.describe(failover)));
		checks.expectNone(what + "after the outage the cache works again: cached keys are hits", all.stream()
			.filter((call) -> call.start() > failover.outageEnd() && call.kind() != Kind.FIRST && call.computed())
			.map((call) -> call.describe(failover)));
		List<Call> failed = all.stream().filter((call) -> call.failure() != null).toList();
		List<Call> computedHot = all.stream().filter((call) -> call.kind() == Kind.HOT && call.computed()).toList();
		if (policy == CacheFailurePolicy.COMPUTE) {
			checks.expectNone(what + "no call fails: the factory answers while Redis is unreachable",
					failed.stream().map((call) -> call.describe(failover)));
			// The client may find the promoted replica within one command timeout: then a
			// single lookup per thread meets the outage, and it may be a fresh key's.
			checks.expect(unreachableLookups() > 0,
					"%slookups that found Redis unreachable while the master was down (the outage reached the cache)",
					what);
			checks.expectNone(what + "hot keys are computed only during the outage",
					computedHot.stream()
						.filter((call) -> !failover.overlapsOutage(call.start(), call.end()))
						.map((call) -> call.describe(failover)));
		}
		else {
			checks.expect(!failed.isEmpty(), "%scalls that failed while the master was down", what);
			checks.expectNone(what + "the factory is never called for a cached key",
					computedHot.stream().map((call) -> call.describe(failover)));
			checks.expectNone(what + "failures are 'Redis unavailable' and only during the outage",
					failed.stream()
						.filter((call) -> !Failures.isUnavailable(call.failure())
								|| !failover.overlapsOutage(call.start(), call.end()))
						.map((call) -> call.describe(failover)));
		}
	}

	private double unreachableLookups() {
		return this.meters.get("earnbase.redis.cache.requests")
			.tag("cache", this.cache.options().cacheName())
			.tag("result", "error")
			.counter()
			.count();
	}

	/**
	 * A line for the test's output.
	 * @param failover the crash
	 * @return what the callers saw
	 */
	String summary(Failover failover) {
		List<Call> all = List.copyOf(this.calls);
		List<Call> during = all.stream().filter((call) -> failover.overlapsOutage(call.start(), call.end())).toList();
		long longest = all.stream().mapToLong((call) -> call.end() - call.start()).max().orElse(0);
		long lastComputedHot = all.stream()
			.filter((call) -> call.kind() == Kind.HOT && call.computed())
			.mapToLong(Call::end)
			.max()
			.orElse(failover.killedAt());
		long lastMissedSecond = all.stream()
			.filter((call) -> call.kind() == Kind.SECOND && (call.computed() || call.failure() != null))
			.mapToLong(Call::end)
			.max()
			.orElse(failover.killedAt());
		return String
			.format("%s cache (on-failure %s): %d calls, %d during the outage: %d cached keys computed, %d failed, "
					+ "%.0f lookups found Redis unreachable; longest call %d ms; last hot key computed %d ms and last fresh key not cached %d ms "
					+ "after the promotion", name(), this.cache.options().onFailure(), all.size(), during.size(),
					during.stream().filter((call) -> call.kind() != Kind.FIRST && call.computed()).count(),
					during.stream().filter((call) -> call.failure() != null).count(), unreachableLookups(),
					TimeUnit.NANOSECONDS.toMillis(longest), failover.millisAfterPromotion(lastComputedHot),
					failover.millisAfterPromotion(lastMissedSecond));
	}

	/** Which call of a round. */
	enum Kind {

		/** A key cached long before the crash. */
		HOT,

		/** The first call of a fresh key: computes it. */
		FIRST,

		/** The second call of a fresh key: a hit when Redis works. */
		SECOND

	}

	/**
	 * One {@code getOrSet}.
	 *
	 * @param kind which call of the round
	 * @param key the cache key
	 * @param start when it started
	 * @param end when it returned or threw
	 * @param value what it returned
	 * @param failure what it threw, or null
	 * @param computed whether it called the factory
	 */
	record Call(Kind kind, String key, long start, long end, String value, Throwable failure, boolean computed) {

		String describe(Failover failover) {
			return String.format("%s %s at %+d ms from the crash: %d ms, %s%s", this.kind, this.key,
					failover.millisAfterKill(this.start), TimeUnit.NANOSECONDS.toMillis(this.end - this.start),
					this.computed ? "computed" : "not computed",
					(this.failure != null) ? ", failed: " + this.failure : ", returned " + this.value);
		}

	}

}
