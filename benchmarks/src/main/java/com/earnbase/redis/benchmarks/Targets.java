package com.earnbase.redis.benchmarks;

import java.util.List;
import java.util.Optional;

/**
 * The targets of issues 10, 17 and 19, each checked against this run's ratios. A target
 * whose benchmark is missing from the run (a primitive not yet in the build) is reported
 * as not measured, never as met.
 */
final class Targets {

	/** Our client as measured against the targets: metrics on, the starter's defaults. */
	static final String OURS_SYNC = "earnbase-sync-metrics";

	static final String OURS_ASYNC = "earnbase-async-metrics";

	/** A target: the issue that set it, what it says, the measured value and the test. */
	record Target(String issue, String text, Optional<Double> value, String threshold, boolean met) {
	}

	private Targets() {
	}

	static List<Target> evaluate(Report report) {
		return List.of(
				atLeast("10", "Our RedisClient (metrics on) ≥ 0.97 × raw Lettuce on S1",
						report.ratio("S1", OURS_SYNC, "lettuce-sync"), 0.97),
				atLeast("10", "Our RedisClient (metrics on) ≥ 0.97 × raw Lettuce on S2",
						report.ratio("S2", OURS_SYNC, "lettuce-sync"), 0.97),
				atLeast("10", "Our AsyncRedisClient (metrics on) ≥ 0.97 × raw Lettuce async on S3",
						report.ratio("S3", OURS_ASYNC, "lettuce-async"), 0.97),
				above("10", "Lead: S2 ahead of Jedis (ours / Jedis)", report.ratio("S2", OURS_SYNC, "jedis"), 1.0),
				atLeast("10", "Lead: S1 ≥ 1.0 × raw Lettuce", report.ratio("S1", OURS_SYNC, "lettuce-sync"), 1.0),
				atLeast("10", "RateLimiter check ≥ 0.95 × raw one-script EVALSHA (S4 rateLimiter / rawScript)",
						report.ratio("S4", "rateLimiter", "rawScript"), 0.95),
				atLeast("10",
						"RateLimiter check, fixed window (the raw script's algorithm) ≥ 0.95 × raw EVALSHA "
								+ "(S4 rateLimiterFixedWindow / rawScript)",
						report.ratio("S4", "rateLimiterFixedWindow", "rawScript"), 0.95),
				atLeast("10", "RateLimiter check ≥ 1.7 × GET-then-SET (S4 rateLimiter / getThenSet)",
						report.ratio("S4", "rateLimiter", "getThenSet"), 1.7),
				atLeast("10", "Warm Cache.getOrSet ≥ 0.95 × raw GET (S5 cacheGetOrSet / rawGet)",
						report.ratio("S5", "cacheGetOrSet", "rawGet"), 0.95),
				atLeast("19", "Meters at no measurable cost on S1: earnbase-sync-metrics ≥ 0.95 × earnbase-sync",
						report.ratio("S1", OURS_SYNC, "earnbase-sync"), 0.95),
				atLeast("19", "Meters at no measurable cost on S2: earnbase-sync-metrics ≥ 0.95 × earnbase-sync",
						report.ratio("S2", OURS_SYNC, "earnbase-sync"), 0.95),
				atLeast("19", "Meters at no measurable cost on S3: earnbase-async-metrics ≥ 0.95 × earnbase-async",
						report.ratio("S3", OURS_ASYNC, "earnbase-async"), 0.95),
				atLeast("10, 19", "Lead: S3 ≥ 4 × raw Lettuce async, meters on",
						report.ratio("S3", OURS_ASYNC, "lettuce-async"), 4.0),
				atMost("10, 19",
						"Lock acquire+release in ≤ 2.2 GETs' time (S5 rawGet ops/s / lockAcquireRelease ops/s)",
						report.ratio("S5", "rawGet", "lockAcquireRelease"), 2.2),
				atLeast("19",
						"Lock acquire+release ≥ 0.95 × raw SET NX + owner-checked DEL "
								+ "(S5 lockAcquireRelease / rawLockAcquireRelease)",
						report.ratio("S5", "lockAcquireRelease", "rawLockAcquireRelease"), 0.95),
				atLeast("19",
						"RateLimiter check, sliding window counter ≥ 0.95 × raw one-script EVALSHA "
								+ "(S4 rateLimiterSlidingWindowCounter / rawScript)",
						report.ratio("S4", "rateLimiterSlidingWindowCounter", "rawScript"), 0.95),
				atLeast("19", "Publish → receive ≥ 0.9 × raw Lettuce pub/sub (S5 publishReceive / rawPublishReceive)",
						report.ratio("S5", "publishReceive", "rawPublishReceive"), 0.9),
				atLeast("17",
						"Near-cache hit ≥ Redisson RLocalCachedMap hit, 1 thread "
								+ "(S6 earnbase-near / redisson-local-cached)",
						report.ratio("S6", NearCaches.EARNBASE_NEAR, NearCaches.REDISSON_LOCAL_CACHED), 1.0),
				atLeast("17",
						"Near-cache hit ≥ Redisson RLocalCachedMap hit, 16 threads "
								+ "(S7 earnbase-near / redisson-local-cached)",
						report.ratio("S7", NearCaches.EARNBASE_NEAR, NearCaches.REDISSON_LOCAL_CACHED), 1.0),
				below("17", "Near-cache invalidation p99 < 10 ms on loopback (earnbase-near, in ms)",
						report.invalidation(NearCaches.EARNBASE_NEAR).map((row) -> row.p99() / 1000), 10.0));
	}

	static String markdown(Report report) {
		StringBuilder md = new StringBuilder("## Targets of issues 10, 17 and 19\n\n");
		md.append("Ratios from this run. Benchmarks report; they never fail the build. Where a target is missed, ")
			.append("the allocation column of the tables above and the profiles below show where the time goes.\n\n");
		md.append("| Issue | Target | Measured | Threshold | Status |\n|---|---|---:|---:|---|\n");
		for (Target target : evaluate(report)) {
			md.append("| ")
				.append(target.issue())
				.append(" | ")
				.append(target.text())
				.append(" | ")
				.append(target.value().map(Report::times).orElse("–"))
				.append(" | ")
				.append(target.threshold())
				.append(" | ")
				.append(target.value().isEmpty() ? "not measured (benchmark not in this run)"
						: target.met() ? "**met**" : "not met")
				.append(" |\n");
		}
		report.ratio("S1", OURS_SYNC, "jedis")
			.ifPresent((ratio) -> md.append("\nS1, ours / Jedis: ")
				.append(Report.times(ratio))
				.append(" (Jedis: a blocking socket per thread, no hand-off to an I/O thread; issue 19 asks for ")
				.append("where the blocking path spends its time, see the profiles).\n"));
		md.append('\n');
		return md.toString();
	}

	private static Target atLeast(String issue, String text, Optional<Double> value, double threshold) {
		return new Target(issue, text, value, "≥ " + Report.times(threshold),
				value.map((v) -> v >= threshold).orElse(false));
	}

	private static Target above(String issue, String text, Optional<Double> value, double threshold) {
		return new Target(issue, text, value, "> " + Report.times(threshold),
				value.map((v) -> v > threshold).orElse(false));
	}

	private static Target below(String issue, String text, Optional<Double> value, double threshold) {
		return new Target(issue, text, value, "< " + Report.times(threshold),
				value.map((v) -> v < threshold).orElse(false));
	}

	private static Target atMost(String issue, String text, Optional<Double> value, double threshold) {
		return new Target(issue, text, value, "≤ " + Report.times(threshold),
				value.map((v) -> v <= threshold).orElse(false));
	}

}
