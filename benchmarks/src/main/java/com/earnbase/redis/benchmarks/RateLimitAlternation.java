package com.earnbase.redis.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.ratelimit.RateLimitAlgorithm;
import com.earnbase.redis.ratelimit.RateLimitPolicy;
import com.earnbase.redis.ratelimit.RedisRateLimiter;
import com.earnbase.redis.support.PrimitiveSupport;
import com.earnbase.redis.support.RedisScript;
import io.lettuce.core.ScriptOutputType;

/**
 * S4's checks side by side in one JVM on one thread: blocks of calls of each variant in
 * turn, the order rotated every round, so that the load of a shared machine falls on
 * every variant alike. Prints each variant's rate and its ratio to {@code rawScript}: of
 * total times, per round (median and quartiles), and of median latencies (the least
 * disturbed by load spikes). Complements the JMH run of S4, whose forks run one after the
 * other and so see different load.
 * <p>
 * {@code java -cp benchmarks/target/earnbase-redis-benchmarks.jar
 * com.earnbase.redis.benchmarks.RateLimitAlternation [rounds] [callsPerBlock] [dir]}
 * (defaults 400, 100, {@code benchmarks/target/alternation}); it starts its own
 * {@code redis-server}, or uses {@code EARNBASE_REDIS_BENCH_URL}.
 */
final class RateLimitAlternation {

	private RateLimitAlternation() {
	}

	/**
	 * Runs the alternation.
	 * @param args rounds, calls per block, folder for the server's files
	 * @throws Exception when the server or a call fails
	 */
	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 400;
		int calls = (args.length > 1) ? Integer.parseInt(args[1]) : 100;
		Path dir = Path.of((args.length > 2) ? args[2] : "benchmarks/target/alternation");
		try (BenchRedisServer server = BenchRedisServer.startOrConnect(dir)) {
			System.setProperty(BenchEnvironment.URL_PROPERTY, server.url());
			S4RateLimit s4 = new S4RateLimit();
			s4.connect();
			try (LettuceRedisClient noFlush = Clients.earnbase(true, false)) {
				Map<String, BooleanSupplier> variants = new LinkedHashMap<>();
				variants.put("rawScript", s4::rawScript);
				variants.put("rawCounterScript", s4::rawCounterScript);
				variants.put("rateLimiterFixedWindow", s4::rateLimiterFixedWindow);
				variants.put("rateLimiterSlidingWindowCounter", s4::rateLimiterSlidingWindowCounter);
				variants.put("rateLimiter", s4::rateLimiter);
				// where the wrapper's time goes: the counter script through our client's
				// plain script path, through its at-most-once path (the limiter's), and
				// the
				// limiter on a client without flush consolidation
				PrimitiveSupport ours = PrimitiveSupport.of(s4.earnbase());
				RedisScript counter = RedisScript.load(RedisRateLimiter.class, "sliding-window-counter.lua",
						"ratelimit.sliding-window-counter");
				String[][] keys = new String[BenchEnvironment.KEYS][];
				for (int i = 0; i < keys.length; i++) {
					keys[i] = new String[] { ours.key("ratelimit:{alt" + i + "}:swc") };
				}
				String[] arguments = { "1", "10000000", "60000" };
				int[] next = { 0 };
				variants.put("oursEvalCounterScript", () -> {
					List<Object> reply = ours.evalSync(counter, ScriptOutputType.MULTI,
							keys[next[0]++ % BenchEnvironment.KEYS], arguments);
					return (Long) reply.get(0) == 1L;
				});
				variants.put("oursAtMostOnceCounterScript", () -> {
					List<Object> reply = ours.await(counter.name(),
							ours.evalAtMostOnce(counter, keys[next[0]++ % BenchEnvironment.KEYS], arguments));
					return (Long) reply.get(0) == 1L;
				});
				RedisRateLimiter noFlushLimiter = new RedisRateLimiter(noFlush);
				RateLimitPolicy policy = RateLimitPolicy.of(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER, 10_000_000,
						Duration.ofMinutes(1));
				variants.put("rateLimiterSlidingWindowCounter+noflush",
						() -> noFlushLimiter.tryAcquire("nf" + (next[0]++ % BenchEnvironment.KEYS), 1, policy)
							.allowed());
				run(variants, rounds, calls);
			}
			finally {
				s4.closeClients();
			}
		}
	}

	private static void run(Map<String, BooleanSupplier> variants, int rounds, int calls) {
		List<String> names = new ArrayList<>(variants.keySet());
		// warm-up: the JIT compiles every path before anything is counted
		for (int round = 0; round < Math.max(rounds / 10, 3); round++) {
			for (String name : names) {
				block(variants.get(name), calls, new long[calls], 0);
			}
		}
		Map<String, long[]> latencies = new LinkedHashMap<>();
		Map<String, long[]> roundNanos = new LinkedHashMap<>();
		Map<String, long[]> cpuNanos = new LinkedHashMap<>();
		names.forEach((name) -> {
			latencies.put(name, new long[rounds * calls]);
			roundNanos.put(name, new long[rounds]);
			cpuNanos.put(name, new long[1]);
		});
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		for (int round = 0; round < rounds; round++) {
			for (int i = 0; i < names.size(); i++) {
				String name = names.get((round + i) % names.size());
				long cpu = threads.getCurrentThreadCpuTime();
				roundNanos.get(name)[round] = block(variants.get(name), calls, latencies.get(name), round * calls);
				cpuNanos.get(name)[0] += threads.getCurrentThreadCpuTime() - cpu;
			}
		}
		long[] baseline = roundNanos.get("rawScript");
		double baselineMedian = quantile(latencies.get("rawScript"), 0.5);
		long baselineTotal = Arrays.stream(baseline).sum();
		System.out.printf("%d rounds of %d calls per variant, order rotated every round%n", rounds, calls);
		System.out.printf("%-40s %9s %9s %9s %22s %9s %9s %9s%n", "variant", "ops/s", "× raw", "p50 µs",
				"× raw per round", "× raw p50", "p99 µs", "cpu µs");
		for (String name : names) {
			long[] own = roundNanos.get(name);
			double[] ratios = new double[rounds];
			for (int round = 0; round < rounds; round++) {
				ratios[round] = (double) baseline[round] / own[round];
			}
			long total = Arrays.stream(own).sum();
			double median = quantile(latencies.get(name), 0.5);
			System.out.printf("%-40s %,9.0f %9.3f %9.1f %8.3f [%.3f, %.3f] %9.3f %9.1f %9.2f%n", name,
					rounds * (double) calls / (total / 1e9), (double) baselineTotal / total, median / 1000,
					quantile(ratios, 0.5), quantile(ratios, 0.25), quantile(ratios, 0.75), baselineMedian / median,
					quantile(latencies.get(name), 0.99) / 1000, cpuNanos.get(name)[0] / 1000.0 / rounds / calls);
		}
		System.out.println("× raw: rawScript's total time over the variant's; per round: median [q1, q3] of that ratio "
				+ "per round; × raw p50: rawScript's median latency over the variant's; cpu: the calling thread's CPU time "
				+ "per call");
	}

	private static long block(BooleanSupplier check, int calls, long[] latencies, int offset) {
		long blockStart = System.nanoTime();
		long start = blockStart;
		for (int i = 0; i < calls; i++) {
			if (!check.getAsBoolean()) {
				throw new IllegalStateException("a check was denied; the limit should never be reached");
			}
			long end = System.nanoTime();
			latencies[offset + i] = end - start;
			start = end;
		}
		return start - blockStart;
	}

	private static double quantile(long[] values, double q) {
		return quantile(Arrays.stream(values).asDoubleStream().toArray(), q);
	}

	private static double quantile(double[] values, double q) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		double index = q * (sorted.length - 1);
		int low = (int) Math.floor(index);
		int high = (int) Math.ceil(index);
		return sorted[low] + (sorted[high] - sorted[low]) * (index - low);
	}

}
