package com.earnbase.redis.benchmarks;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * S3: 256 commands in flight on an asynchronous client, 90% GET and 10% SET. One thread
 * issues a command whenever fewer than 256 are unanswered; one operation is one command
 * issued, and its latency runs from issue to reply.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class S3InFlight extends LatencyMeasured {

	/** Commands allowed in flight at once. */
	static final int IN_FLIGHT = 256;

	/** The client under test, see {@link Clients}. */
	@Param({ "lettuce-async", "earnbase-async", "earnbase-async-metrics", "redisson", "lettuce-async+flush",
			"earnbase-async-metrics+noflush" })
	public String client;

	private AsyncClient redis;

	private final Semaphore window = new Semaphore(IN_FLIGHT);

	private final AtomicLong failures = new AtomicLong();

	private final String value = BenchEnvironment.value();

	private int next;

	/** Connects the client and writes every key once. */
	@Setup(Level.Trial)
	public void connect() {
		this.redis = Clients.async(this.client);
		for (int i = 0; i < BenchEnvironment.KEYS; i++) {
			Clients.await(this.redis.set(i, this.value));
		}
	}

	/**
	 * Waits for the commands still in flight, writes the latency percentiles and closes
	 * the client.
	 */
	@TearDown(Level.Trial)
	public void close(BenchmarkParams params) throws InterruptedException {
		boolean drained = this.window.tryAcquire(IN_FLIGHT, 10, TimeUnit.SECONDS);
		this.latency.write(params);
		this.redis.close();
		if (!drained || this.failures.get() > 0) {
			throw new IllegalStateException(this.client + ": " + this.failures.get() + " commands failed"
					+ (drained ? "" : ", and some never completed"));
		}
	}

	/** Issues one command (90% GET) as soon as the window has room. */
	@Benchmark
	public void command() throws InterruptedException {
		this.window.acquire();
		int n = this.next++;
		int index = n % BenchEnvironment.KEYS;
		long start = this.latency.start();
		CompletionStage<?> reply = (n % 10 == 0) ? this.redis.set(index, this.value) : this.redis.get(index);
		reply.whenComplete((result, error) -> {
			this.latency.stop(start);
			if (error != null) {
				this.failures.incrementAndGet();
			}
			this.window.release();
		});
	}

}
