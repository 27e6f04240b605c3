package com.earnbase.redis.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.ratelimit.RateLimitAlgorithm;
import com.earnbase.redis.ratelimit.RateLimitPolicy;
import com.earnbase.redis.ratelimit.RedisRateLimiter;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * S4: one rate-limit check per operation, one thread, over 1000 limiter keys with a limit
 * that is never reached (so every check does the full work of an allowed call). Baselines
 * on raw Lettuce: a one-script EVALSHA (fixed window: INCR, PEXPIRE when the window
 * starts) and the naive GET-then-SET (two round trips, not atomic). Ours:
 * {@link RedisRateLimiter} with the starter's defaults (sliding window, metrics on), its
 * fixed window, the same algorithm as the raw script, and its sliding window counter. To
 * tell the script's cost from the wrapper's, raw Lettuce also runs our
 * sliding-window-counter script by EVALSHA ({@link #rawCounterScript()}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class S4RateLimit extends LatencyMeasured {

	/** Fixed-window check in one round trip; returns 1 when allowed. */
	static final String FIXED_WINDOW = """
			local count = redis.call('INCR', KEYS[1])
			if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
			if count > tonumber(ARGV[1]) then return 0 end
			return 1
			""";

	/**
	 * Never reached, and small enough for the limiter's check of limit × window (at most
	 * 2^50 ms).
	 */
	private static final int LIMIT = 10_000_000;

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private static final RateLimitPolicy FIXED_WINDOW_POLICY = RateLimitPolicy.of(RateLimitAlgorithm.FIXED_WINDOW,
			LIMIT, WINDOW);

	private static final RateLimitPolicy COUNTER_POLICY = RateLimitPolicy.of(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER,
			LIMIT, WINDOW);

	/** Our limiter's arguments: permits, limit, window (ms). */
	private static final String[] COUNTER_ARGUMENTS = { "1", Integer.toString(LIMIT),
			Long.toString(WINDOW.toMillis()) };

	private Clients.Lettuce lettuce;

	private RedisCommands<String, String> redis;

	private String sha;

	private String counterSha;

	private String[][] counterKeys;

	private String[][] keys;

	private String[] shortKeys;

	private LettuceRedisClient earnbase;

	private RedisRateLimiter limiter;

	private int next;

	/**
	 * Connects, loads the script once and creates our limiter on our client (metrics on,
	 * the defaults).
	 */
	@Setup(Level.Trial)
	public void connect() {
		this.lettuce = Clients.Lettuce.open(false);
		this.redis = this.lettuce.connection().sync();
		this.sha = this.redis.scriptLoad(FIXED_WINDOW);
		this.counterSha = this.redis.scriptLoad(counterScript());
		this.counterKeys = new String[BenchEnvironment.KEYS][];
		for (int i = 0; i < this.counterKeys.length; i++) {
			// the key our limiter uses for "bench<i>": the same bytes on the wire
			this.counterKeys[i] = new String[] { BenchEnvironment.PREFIX + ":ratelimit:{bench" + i + "}:swc" };
		}
		this.keys = new String[BenchEnvironment.KEYS][];
		for (int i = 0; i < this.keys.length; i++) {
			this.keys[i] = new String[] { BenchEnvironment.PREFIX + ":ratelimit:{" + i + "}" };
		}
		this.shortKeys = new String[BenchEnvironment.KEYS];
		for (int i = 0; i < this.shortKeys.length; i++) {
			this.shortKeys[i] = "bench" + i;
		}
		this.earnbase = Clients.earnbase(true, true);
		this.limiter = new RedisRateLimiter(this.earnbase);
	}

	/** Writes the latency percentiles and closes the connections. */
	@TearDown(Level.Trial)
	public void close(BenchmarkParams params) {
		this.latency.write(params);
		closeClients();
	}

	/** Our client, for {@link RateLimitAlternation}. */
	LettuceRedisClient earnbase() {
		return this.earnbase;
	}

	/** Closes both clients (also for {@link RateLimitAlternation}). */
	void closeClients() {
		this.earnbase.close();
		this.lettuce.close();
	}

	/** Raw Lettuce: one EVALSHA per check. */
	@Benchmark
	public boolean rawScript() {
		String[] key = this.keys[this.next++ % BenchEnvironment.KEYS];
		long start = this.latency.start();
		Long allowed = this.redis.evalsha(this.sha, ScriptOutputType.INTEGER, key, Integer.toString(LIMIT),
				Long.toString(WINDOW.toMillis()));
		this.latency.stop(start);
		return allowed == 1L;
	}

	/**
	 * Raw Lettuce: one EVALSHA of our sliding-window-counter script, its reply as our
	 * limiter gets it (a list of four integers).
	 */
	@Benchmark
	public boolean rawCounterScript() {
		String[] key = this.counterKeys[this.next++ % BenchEnvironment.KEYS];
		long start = this.latency.start();
		List<Object> reply = this.redis.evalsha(this.counterSha, ScriptOutputType.MULTI, key, COUNTER_ARGUMENTS);
		this.latency.stop(start);
		return (Long) reply.get(0) == 1L;
	}

	/**
	 * Raw Lettuce, the naive check: GET the count, then SET count + 1 (over-admits under
	 * concurrency).
	 */
	@Benchmark
	public boolean getThenSet() {
		String key = this.keys[this.next++ % BenchEnvironment.KEYS][0];
		long start = this.latency.start();
		String current = this.redis.get(key);
		long count = (current != null) ? Long.parseLong(current) : 0;
		boolean allowed = count < LIMIT;
		if (allowed) {
			this.redis.set(key, Long.toString(count + 1), SetArgs.Builder.px(WINDOW.toMillis()));
		}
		this.latency.stop(start);
		return allowed;
	}

	/**
	 * Ours, as a user calls it: {@code isAllowed} with the default algorithm (sliding
	 * window).
	 */
	@Benchmark
	public boolean rateLimiter() {
		String key = this.shortKeys[this.next++ % BenchEnvironment.KEYS];
		long start = this.latency.start();
		boolean allowed = this.limiter.isAllowed(key, LIMIT, WINDOW);
		this.latency.stop(start);
		return allowed;
	}

	/**
	 * Ours with the fixed window, the algorithm of {@link #rawScript()}: the
	 * like-for-like comparison.
	 */
	@Benchmark
	public boolean rateLimiterFixedWindow() {
		String key = this.shortKeys[this.next++ % BenchEnvironment.KEYS];
		long start = this.latency.start();
		boolean allowed = this.limiter.tryAcquire(key, 1, FIXED_WINDOW_POLICY).allowed();
		this.latency.stop(start);
		return allowed;
	}

	/**
	 * Ours with the sliding window counter (constant memory per key, one hash).
	 */
	@Benchmark
	public boolean rateLimiterSlidingWindowCounter() {
		String key = this.shortKeys[this.next++ % BenchEnvironment.KEYS];
		long start = this.latency.start();
		boolean allowed = this.limiter.tryAcquire(key, 1, COUNTER_POLICY).allowed();
		this.latency.stop(start);
		return allowed;
	}

	/** The limiter's own script, from the core's jar. */
	private static String counterScript() {
		try (InputStream in = RedisRateLimiter.class.getResourceAsStream("sliding-window-counter.lua")) {
			if (in == null) {
				throw new IllegalStateException("sliding-window-counter.lua not found beside RedisRateLimiter");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
