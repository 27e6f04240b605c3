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
 * Issue 17: a warm cache hit of a small value object (the {@link S5CacheLockPubSub.Item}
 * of about 100 bytes of JSON) over 1000 keys, by as many threads as the subclass sets
 * with {@link org.openjdk.jmh.annotations.Threads}. Every key is written and read once
 * before the measurement, so every read is a hit: in the local copy for the near caches,
 * in Redis for the others. See {@link NearCaches} for the clients.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class NearCacheScenario extends LatencyMeasured {

	/** The reader under test, see {@link NearCaches}. */
	@Param({ NearCaches.LETTUCE_GET, NearCaches.EARNBASE_REMOTE, NearCaches.EARNBASE_NEAR,
			NearCaches.REDISSON_LOCAL_CACHED, NearCaches.LETTUCE_CLIENT_SIDE_CACHING })
	public String client;

	private NearCaches.Reader reader;

	/**
	 * Connects the reader (shared by all threads), writes every key and reads it once.
	 */
	@Setup(Level.Trial)
	public void connect() {
		this.reader = NearCaches.reader(this.client);
	}

	/** Writes the latency percentiles and closes the reader. */
	@TearDown(Level.Trial)
	public void close(BenchmarkParams params) {
		this.latency.write(params);
		this.reader.close();
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
			this.next = thread.getThreadIndex() * (BenchEnvironment.KEYS / thread.getThreadCount());
		}

	}

	/** One warm read of the next key. */
	@Benchmark
	public Object hit(Cursor cursor) {
		int index = cursor.next++ % BenchEnvironment.KEYS;
		long start = this.latency.start();
		Object value = this.reader.get(index);
		this.latency.stop(start);
		return value;
	}

}
