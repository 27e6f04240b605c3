package com.earnbase.redis.benchmarks;

import java.util.List;
import java.util.Optional;

/**
 * The targets of issue 10, each checked against this run's ratios. A target whose
 * benchmark is missing from the run (a primitive not yet in the build) is reported as not
 * measured, never as met.
 */
final class Targets {

	/** Our client as measured against the targets: metrics on, the starter's defaults. */
	static final String OURS_SYNC = "earnbase-sync-metrics";

	static final String OURS_ASYNC = "earnbase-async-metrics";

	/** A target: what it says, the measured value and the threshold test. */
	record Target(String text, Optional<Double> value, String threshold, boolean met) {
	}

	private Targets() {
	}

	static List<Target> evaluate(Report report) {
		return List.of(
				atLeast("Our RedisClient (metrics on) ≥ 0.97 × raw Lettuce on S1",
						report.ratio("S1", OURS_SYNC, "lettuce-sync"), 0.97),
				atLeast("Our RedisClient (metrics on) ≥ 0.97 × raw Lettuce on S2",
						report.ratio("S2", OURS_SYNC, "lettuce-sync"), 0.97),
				atLeast("Our AsyncRedisClient (metrics on) ≥ 0.97 × raw Lettuce async on S3",
						report.ratio("S3", OURS_ASYNC, "lettuce-async"), 0.97),
				atLeast("Lead: S3 ≥ 4 × raw Lettuce async", report.ratio("S3", OURS_ASYNC, "lettuce-async"), 4.0),
				above("Lead: S2 ahead of Jedis (ours / Jedis)", report.ratio("S2", OURS_SYNC, "jedis"), 1.0),
				atLeast("Lead: S1 ≥ 1.0 × raw Lettuce", report.ratio("S1", OURS_SYNC, "lettuce-sync"), 1.0),
				atLeast("RateLimiter check ≥ 0.95 × raw one-script EVALSHA (S4 rateLimiter / rawScript)",
						report.ratio("S4", "rateLimiter", "rawScript"), 0.95),
				atLeast("RateLimiter check, fixed window (the raw script's algorithm) ≥ 0.95 × raw EVALSHA "
						+ "(S4 rateLimiterFixedWindow / rawScript)",
						report.ratio("S4", "rateLimiterFixedWindow", "rawScript"), 0.95),
				atLeast("RateLimiter check, sliding window counter ≥ 0.95 × raw one-script EVALSHA "
						+ "(S4 rateLimiterSlidingWindowCounter / rawScript)",
						report.ratio("S4", "rateLimiterSlidingWindowCounter", "rawScript"), 0.95),
				atLeast("RateLimiter check ≥ 1.7 × GET-then-SET (S4 rateLimiter / getThenSet)",
						report.ratio("S4", "rateLimiter", "getThenSet"), 1.7),
				atLeast("Warm Cache.getOrSet ≥ 0.95 × raw GET (S5 cacheGetOrSet / rawGet)",
						report.ratio("S5", "cacheGetOrSet", "rawGet"), 0.95),
				atMost("Lock acquire+release ≈ two round trips (S5 rawGet ops/s / lockAcquireRelease ops/s ≤ 2.5)",
						report.ratio("S5", "rawGet", "lockAcquireRelease"), 2.5));
	}

	static String markdown(Report report) {
		StringBuilder md = new StringBuilder("## Targets of issue 10\n\n");
		md.append("Ratios from this run. Benchmarks report; they never fail the build.\n\n");
		md.append("| Target | Measured | Threshold | Status |\n|---|---:|---:|---|\n");
		for (Target target : evaluate(report)) {
			md.append("| ")
				.append(target.text())
				.append(" | ")
				.append(target.value().map(Report::times).orElse("–"))
				.append(" | ")
				.append(target.threshold())
				.append(" | ")
				.append(target.value().isEmpty() ? "not measured (benchmark not in this build)"
						: target.met() ? "**met**" : "not met")
				.append(" |\n");
		}
		report.ratio("S1", OURS_SYNC, "jedis")
			.ifPresent((ratio) -> md.append("\nS1, ours / Jedis: ")
				.append(Report.times(ratio))
				.append(" (Jedis: a blocking socket per thread, no hand-off to an I/O thread).\n"));
		report.ratio("S5", "lockAcquireRelease", "rawLockAcquireRelease")
			.ifPresent((ratio) -> md.append("\nS5 lock acquire+release, ours / raw SET NX + script DEL: ")
				.append(Report.times(ratio))
				.append(".\n"));
		report.ratio("S5", "publishReceive", "rawPublishReceive")
			.ifPresent((ratio) -> md
				.append("\nS5 publish → receive, ours / raw Lettuce (no target in the issue; "
						+ "ours decodes JSON and hands each message to a handler thread): ")
				.append(Report.times(ratio))
				.append(".\n"));
		md.append('\n');
		return md.toString();
	}

	private static Target atLeast(String text, Optional<Double> value, double threshold) {
		return new Target(text, value, "≥ " + Report.times(threshold), value.map((v) -> v >= threshold).orElse(false));
	}

	private static Target above(String text, Optional<Double> value, double threshold) {
		return new Target(text, value, "> " + Report.times(threshold), value.map((v) -> v > threshold).orElse(false));
	}

	private static Target atMost(String text, Optional<Double> value, double threshold) {
		return new Target(text, value, "≤ " + Report.times(threshold), value.map((v) -> v <= threshold).orElse(false));
	}

}
