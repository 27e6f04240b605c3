package com.earnbase.redis.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.IterationParams;

/**
 * A benchmark that records the latency of every operation in its measurement iterations;
 * the subclass times each operation with {@link #latency} and writes it when the trial
 * ends.
 */
public abstract class LatencyMeasured {

	/** This run's latency histogram. */
	protected final LatencyRecorder latency = new LatencyRecorder();

	/**
	 * Records latency in measurement iterations only.
	 * @param iteration the iteration starting
	 */
	@Setup(Level.Iteration)
	public void iteration(IterationParams iteration) {
		this.latency.iteration(iteration);
	}

}
