package com.earnbase.redis.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Per-command latency of one benchmark run, recorded during measurement iterations only,
 * and written as a small properties file that the report reads beside JMH's JSON. Every
 * client pays the same two {@code nanoTime} calls per command, so ratios between clients
 * are unaffected.
 */
final class LatencyRecorder {

	private final Histogram histogram = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(30), 3);

	private volatile boolean measuring;

	/** Starts an operation: the value to hand to {@link #stop(long)}. */
	long start() {
		return System.nanoTime();
	}

	/**
	 * Records one operation that started at {@code start} (from {@link #start()}), if
	 * this is a measured iteration.
	 */
	void stop(long start) {
		if (this.measuring) {
			this.histogram.recordValue(System.nanoTime() - start);
		}
	}

	/** Records only in measurement iterations, never in warm-up ones. */
	void iteration(IterationParams iteration) {
		this.measuring = iteration.getType() == IterationType.MEASUREMENT;
	}

	/**
	 * Stops recording and writes the percentiles of this run into the suite's latency
	 * folder, if there is one.
	 */
	void write(BenchmarkParams params) {
		this.measuring = false;
		String folder = System.getProperty(BenchEnvironment.LATENCY_DIR_PROPERTY);
		if (folder == null) {
			return;
		}
		String client = params.getParamsKeys().contains("client") ? params.getParam("client") : "-";
		String id = params.getBenchmark() + "|" + client;
		String text = "benchmark=" + params.getBenchmark() + "\n" + "client=" + client + "\n" + "count="
				+ this.histogram.getTotalCount() + "\n" + "p50Micros=" + micros(this.histogram.getValueAtPercentile(50))
				+ "\n" + "p99Micros=" + micros(this.histogram.getValueAtPercentile(99)) + "\n" + "p999Micros="
				+ micros(this.histogram.getValueAtPercentile(99.9)) + "\n" + "meanMicros="
				+ micros((long) this.histogram.getMean()) + "\n";
		try {
			Path dir = Path.of(folder);
			Files.createDirectories(dir);
			Files.writeString(dir.resolve(id.replaceAll("[^A-Za-z0-9._+-]", "_") + ".properties"), text,
					StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String micros(long nanos) {
		return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1000.0);
	}

}
