package com.earnbase.redis.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Blocking SET then GET of 100-byte values over 1000 keys, by as many threads as the
 * subclass sets with {@link org.openjdk.jmh.annotations.Threads}. One operation is one
 * command (each thread alternates SET and GET of the same key), so ops/s is commands per
 * second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class BlockingScenario extends LatencyMeasured {

	/** The client under test, see {@link Clients}. */
	@Param({ "lettuce-sync", "lettuce-async", "earnbase-sync", "earnbase-sync-metrics", "earnbase-async",
			"earnbase-async-metrics", "spring-template", "jedis", "redisson", "earnbase-sync-metrics+noflush",
			"lettuce-async+spin", "earnbase-async-metrics+spin" })
	public String client;

	private BlockingClient redis;

	private final String value = BenchEnvironment.value();

	/** Connects the client (shared by all threads) and writes every key once. */
	@Setup(Level.Trial)
	public void connect() {
		this.redis = Clients.blocking(this.client);
		for (int i = 0; i < BenchEnvironment.KEYS; i++) {
			this.redis.set(i, this.value);
		}
	}

	/** Writes the latency percentiles and closes the client. */
	@TearDown(Level.Trial)
	public void close(BenchmarkParams params) {
		this.latency.write(params);
		this.redis.close();
	}

	/**
	 * One benchmark thread's position in the key space: each thread starts on a different
	 * key.
	 */
	@State(Scope.Thread)
	public static class Cursor {

		private int next;

		/** Spreads the threads' starting keys over the key space. */
		@Setup(Level.Trial)
		public void start(ThreadParams thread) {
			this.next = 2 * thread.getThreadIndex() * (BenchEnvironment.KEYS / thread.getThreadCount());
		}

	}

	/** SET of a key, then (this thread's next call) GET of the same key. */
	@Benchmark
	public Object setThenGet(Cursor cursor) {
		int n = cursor.next++;
		int index = (n >>> 1) % BenchEnvironment.KEYS;
		long start = this.latency.start();
		Object result = null;
		if ((n & 1) == 0) {
			this.redis.set(index, this.value);
		}
		else {
			result = this.redis.get(index);
		}
		this.latency.stop(start);
		return result;
	}

}
