package com.earnbase.redis.benchmarks;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.lettuce.core.api.sync.RedisCommands;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole suite in one go: starts (or connects to) one Redis server, runs every
 * JMH scenario against it with JSON output, measures the near cache's invalidation
 * latency ({@link NearInvalidation}), runs {@code redis-benchmark} against the same
 * server as the ceiling, stops the server and writes {@code BENCHMARKS.md} and
 * {@code benchmarks/chart.svg} through {@link Report}.
 * <p>
 * Options: {@code --quick} (smoke run: one short iteration each), {@code --include REGEX}
 * (only matching JMH benchmarks, repeatable; the invalidation measurement runs when a
 * pattern finds {@code NearInvalidation}, so {@code --include Near} runs issue 17's
 * scenarios only), {@code --no-redis-benchmark}, {@code --no-profile} (skip
 * {@link Profiles}), {@code --report-only} (rewrite the report from the last results),
 * {@code --results DIR} (default {@code benchmarks/target/results}), {@code --output DIR}
 * (where {@code BENCHMARKS.md} goes, default the current directory; the chart goes to
 * {@code DIR/benchmarks/chart.svg}).
 */
public final class BenchmarkSuite {

	/** The JMH results file in the results folder. */
	static final String JMH_RESULT = "jmh-result.json";

	/**
	 * The redis-benchmark results in the results folder: run, test, rps, p50 and p99 in
	 * ms.
	 */
	static final String CEILING_RESULT = "redis-benchmark.csv";

	/** Facts about the run (machine, JDK, server, options) in the results folder. */
	static final String RUN_INFO = "run.properties";

	/** The latency files written by the forks. */
	static final String LATENCY_DIR = "latency";

	private BenchmarkSuite() {
	}

	/**
	 * Runs the suite.
	 * @param args see the class description
	 * @throws Exception when the server, a benchmark or the report fails
	 */
	public static void main(String[] args) throws Exception {
		boolean quick = false;
		boolean ceiling = true;
		boolean profile = true;
		boolean reportOnly = false;
		List<String> includes = new ArrayList<>();
		Path results = Path.of("benchmarks", "target", "results");
		Path output = Path.of(".");
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--quick" -> quick = true;
				case "--no-redis-benchmark" -> ceiling = false;
				case "--no-profile" -> profile = false;
				case "--report-only" -> reportOnly = true;
				case "--include" -> includes.add(args[++i]);
				case "--results" -> results = Path.of(args[++i]);
				case "--output" -> output = Path.of(args[++i]);
				default -> throw new IllegalArgumentException("unknown option " + args[i]
						+ " (known: --quick --include REGEX --no-redis-benchmark --no-profile --report-only --results DIR "
						+ "--output DIR)");
			}
		}
		if (!reportOnly) {
			run(results, quick, ceiling, profile, includes, shownArguments(args));
		}
		Report.write(results, output);
	}

	/** The arguments a user gave, without the folders that run.sh always passes. */
	private static String shownArguments(String[] args) {
		List<String> shown = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--results") || args[i].equals("--output")) {
				i++;
			}
			else {
				shown.add(args[i]);
			}
		}
		return String.join(" ", shown);
	}

	private static void run(Path results, boolean quick, boolean ceiling, boolean profile, List<String> includes,
			String arguments) throws Exception {
		clean(results);
		Properties info = new Properties();
		info.setProperty("arguments", arguments);
		info.setProperty("started", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
		info.setProperty("quick", Boolean.toString(quick));
		Machine.describe(info);
		info.setProperty("loadBefore", Machine.loadAverage());
		try (BenchRedisServer server = BenchRedisServer.startOrConnect(results)) {
			info.setProperty("server",
					server.started()
							? "redis-server started by the suite on " + server.uri().getHost() + ":"
									+ server.uri().getPort() + " (--save \"\" --appendonly no)"
							: "external server from " + BenchEnvironment.URL_ENV);
			info.setProperty("redisVersion", redisVersion(server));
			runJmh(server, results, quick, includes, info);
			if (NearInvalidation.selected(includes)) {
				NearInvalidation.run(server, results, info);
			}
			if (profile) {
				Profiles.run(server, results, quick, info);
			}
			if (ceiling) {
				Ceiling.run(server, results, quick, info);
			}
		}
		info.setProperty("finished", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
		info.setProperty("loadAfter", Machine.loadAverage());
		try (Writer writer = Files.newBufferedWriter(results.resolve(RUN_INFO), StandardCharsets.UTF_8)) {
			info.store(writer, "earnbase-redis benchmark run");
		}
	}

	private static void clean(Path results) throws IOException {
		Files.createDirectories(results.resolve(LATENCY_DIR));
		try (Stream<Path> files = Files.list(results.resolve(LATENCY_DIR))) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Files.delete(file);
			}
		}
		Files.deleteIfExists(results.resolve(JMH_RESULT));
		Files.deleteIfExists(results.resolve(CEILING_RESULT));
		Files.deleteIfExists(results.resolve(NearInvalidation.RESULT));
		Files.deleteIfExists(results.resolve(RUN_INFO));
	}

	private static String redisVersion(BenchRedisServer server) {
		System.setProperty(BenchEnvironment.URL_PROPERTY, server.url());
		try (Clients.Lettuce lettuce = Clients.Lettuce.open(false)) {
			RedisCommands<String, String> redis = lettuce.connection().sync();
			return redis.info("server")
				.lines()
				.filter((line) -> line.startsWith("redis_version:"))
				.map((line) -> line.substring("redis_version:".length()).trim())
				.findFirst()
				.orElse("unknown");
		}
	}

	private static void runJmh(BenchRedisServer server, Path results, boolean quick, List<String> includes,
			Properties info) throws Exception {
		int warmups = quick ? 1 : 2;
		int warmupSeconds = quick ? 1 : 2;
		// Five samples, not three: with three, the 99.9 % interval (t = 31.6) is wider
		// than most differences measured.
		int measurements = quick ? 1 : 5;
		int measurementSeconds = quick ? 1 : 2;
		ChainedOptionsBuilder options = new OptionsBuilder().forks(1)
			.warmupIterations(warmups)
			.warmupTime(TimeValue.seconds(warmupSeconds))
			.measurementIterations(measurements)
			.measurementTime(TimeValue.seconds(measurementSeconds))
			.timeout(TimeValue.seconds(60))
			.jvmArgs("-Xms512m", "-Xmx512m")
			.jvmArgsAppend("-D" + BenchEnvironment.URL_PROPERTY + "=" + server.url(),
					"-D" + BenchEnvironment.LATENCY_DIR_PROPERTY + "=" + results.resolve(LATENCY_DIR).toAbsolutePath())
			.resultFormat(ResultFormatType.JSON)
			.result(results.resolve(JMH_RESULT).toString())
			.shouldFailOnError(false)
			// Bytes allocated per operation by every thread of the fork (the event loop's
			// too)
			.addProfiler(GCProfiler.class);
		if (includes.isEmpty()) {
			options.include(BenchmarkSuite.class.getPackageName().replace(".", "\\.") + "\\.S.*");
		}
		includes.forEach(options::include);
		info.setProperty("jmh",
				"forks=1, warmup " + warmups + " x " + warmupSeconds + " s, measurement " + measurements + " x "
						+ measurementSeconds + " s, mode throughput (ops/s), JVM -Xms512m -Xmx512m, "
						+ "-prof gc (bytes allocated per operation by all the fork's threads)"
						+ (includes.isEmpty() ? "" : ", include " + includes));
		long start = System.nanoTime();
		try {
			new Runner(options.build()).run();
		}
		catch (NoBenchmarksException ex) {
			// --include matched only the invalidation measurement
			System.out.println("No JMH benchmark matches " + includes);
		}
		info.setProperty("jmhSeconds", Long.toString(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)));
	}

}
