package com.earnbase.redis.benchmarks;

import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.infra.IterationParams;

/**
 * S4: one rate-limit check per operation, one thread, over 1000 limiter keys with a limit that is never reached
 * (so every check does the full work of an allowed call). Baselines on raw Lettuce: a one-script EVALSHA
 * (fixed window: INCR, PEXPIRE when the window starts) and the naive GET-then-SET (two round trips, not atomic).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class S4RateLimit {

	/** Fixed-window check in one round trip; returns 1 when allowed. */
	static final String FIXED_WINDOW = """
			local count = redis.call('INCR', KEYS[1])
			if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
			if count > tonumber(ARGV[1]) then return 0 end
			return 1
			""";

	private static final String LIMIT = "1000000000";

	private static final long WINDOW_MILLIS = 60_000;

	private final LatencyRecorder latency = new LatencyRecorder();

	private Clients.Lettuce lettuce;

	private RedisCommands<String, String> redis;

	private String sha;

	private String[][] keys;

	private int next;

	/** Connects and loads the script once. */
	@Setup(Level.Trial)
	public void connect() {
		this.lettuce = Clients.Lettuce.open(false);
		this.redis = this.lettuce.connection().sync();
		this.sha = this.redis.scriptLoad(FIXED_WINDOW);
		this.keys = new String[BenchEnvironment.KEYS][];
		for (int i = 0; i < this.keys.length; i++) {
			this.keys[i] = new String[] { BenchEnvironment.PREFIX + ":ratelimit:{" + i + "}" };
		}
	}

	/** Records latency in measurement iterations only. */
	@Setup(Level.Iteration)
	public void iteration(IterationParams iteration) {
		this.latency.iteration(iteration);
	}

	/** Writes the latency percentiles and closes the connection. */
	@TearDown(Level.Trial)
	public void close(BenchmarkParams params) {
		this.latency.write(params);
		this.lettuce.close();
	}

	/** Raw Lettuce: one EVALSHA per check. */
	@Benchmark
	public boolean rawScript() {
		String[] key = this.keys[this.next++ % BenchEnvironment.KEYS];
		long start = this.latency.start();
		Long allowed = this.redis.evalsha(this.sha, ScriptOutputType.INTEGER, key, LIMIT,
				Long.toString(WINDOW_MILLIS));
		this.latency.stop(start);
		return allowed == 1L;
	}

	/** Raw Lettuce, the naive check: GET the count, then SET count + 1 (over-admits under concurrency). */
	@Benchmark
	public boolean getThenSet() {
		String key = this.keys[this.next++ % BenchEnvironment.KEYS][0];
		long start = this.latency.start();
		String current = this.redis.get(key);
		long count = (current != null) ? Long.parseLong(current) : 0;
		boolean allowed = count < Long.parseLong(LIMIT);
		if (allowed) {
			this.redis.set(key, Long.toString(count + 1), SetArgs.Builder.px(WINDOW_MILLIS));
		}
		this.latency.stop(start);
		return allowed;
	}

}
