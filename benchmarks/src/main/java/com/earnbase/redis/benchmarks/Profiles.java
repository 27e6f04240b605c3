package com.earnbase.redis.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.openjdk.jmh.profile.JavaFlightRecorderProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Profiles, for issue 19, the benchmarks its targets compare: each {@link Case} runs once
 * more under JMH's Flight Recorder profiler, and its recording's execution samples (Java
 * code on a CPU) are folded into collapsed stacks, one file per case, rooted at the kind
 * of thread that ran them. {@link Report} turns them into flame graphs and a table of
 * where each one's CPU goes.
 */
final class Profiles {

	/** How often a running thread's Java stack is sampled. */
	static final String SAMPLING_PERIOD = "1 ms";

	/** The folder of the collapsed stacks in the results folder. */
	static final String DIR = "profiles";

	/**
	 * One profiled benchmark.
	 *
	 * @param id the file names' stem
	 * @param scenario the scenario, as in the report
	 * @param name the row's name in the report (the client, or the benchmark method)
	 * @param benchmark the JMH class
	 * @param method the benchmark method
	 * @param client the {@code client} parameter, or null when the benchmark has none
	 */
	record Case(String id, String scenario, String name, Class<?> benchmark, String method, String client) {

		static Case client(String scenario, Class<?> benchmark, String method, String client) {
			return new Case(scenario.toLowerCase(java.util.Locale.ROOT) + "-" + client.replace('+', '-'), scenario,
					client, benchmark, method, client);
		}

		static Case method(String scenario, Class<?> benchmark, String method) {
			return new Case(scenario.toLowerCase(java.util.Locale.ROOT) + "-" + method, scenario, method, benchmark,
					method, null);
		}

	}

	/**
	 * The cases: the blocking path (ours, raw Lettuce, Jedis), 256 in flight, and each
	 * primitive target's pair (ours and the raw baseline).
	 */
	static final List<Case> CASES = List.of(Case.client("S1", S1SingleThread.class, "setThenGet", Targets.OURS_SYNC),
			Case.client("S1", S1SingleThread.class, "setThenGet", "lettuce-sync"),
			Case.client("S1", S1SingleThread.class, "setThenGet", "jedis"),
			Case.client("S3", S3InFlight.class, "command", Targets.OURS_ASYNC),
			Case.client("S3", S3InFlight.class, "command", "lettuce-async"),
			Case.method("S4", S4RateLimit.class, "rateLimiterSlidingWindowCounter"),
			Case.method("S4", S4RateLimit.class, "rawScript"),
			Case.method("S5", S5CacheLockPubSub.class, "lockAcquireRelease"),
			Case.method("S5", S5CacheLockPubSub.class, "rawLockAcquireRelease"),
			Case.method("S5", S5CacheLockPubSub.class, "publishReceive"),
			Case.method("S5", S5CacheLockPubSub.class, "rawPublishReceive"));

	/** The root frame of samples taken on the benchmark's calling thread. */
	static final String CALLER = "caller thread";

	/** The root frame of samples taken on Netty's event loop (Lettuce's I/O thread). */
	static final String EVENT_LOOP = "I/O thread (event loop)";

	/** The root frame of samples taken on a pub/sub handler thread. */
	static final String HANDLER = "handler thread";

	/** The root frame of samples taken on any other thread (JIT and GC are native). */
	static final String OTHER = "other Java threads";

	private Profiles() {
	}

	/**
	 * Runs every case against a running server and writes {@code DIR/<id>.collapsed}
	 * under {@code results}.
	 */
	static void run(BenchRedisServer server, Path results, boolean quick, Properties info) throws Exception {
		Path dir = results.resolve(DIR);
		deleteRecursively(dir);
		Path settings = samplingSettings(Files.createDirectories(dir));
		Path latency = Files.createDirectories(dir.resolve("latency"));
		int measurements = quick ? 1 : 5;
		for (Case profiled : CASES) {
			Path recordings = Files.createDirectories(dir.resolve("jfr").resolve(profiled.id()));
			OptionsBuilder options = new OptionsBuilder();
			options.include(profiled.benchmark().getName().replace(".", "\\.") + "\\." + profiled.method() + "$")
				.forks(1)
				.warmupIterations(1)
				.warmupTime(TimeValue.seconds(2))
				.measurementIterations(measurements)
				.measurementTime(TimeValue.seconds(2))
				.jvmArgs("-Xms512m", "-Xmx512m")
				.jvmArgsAppend("-D" + BenchEnvironment.URL_PROPERTY + "=" + server.url(),
						"-D" + BenchEnvironment.LATENCY_DIR_PROPERTY + "=" + latency.toAbsolutePath())
				.addProfiler(JavaFlightRecorderProfiler.class,
						"dir=" + recordings.toAbsolutePath() + ";configName=" + settings.toAbsolutePath()
								+ ";debugNonSafePoints=true")
				.shouldFailOnError(false);
			if (profiled.client() != null) {
				options.param("client", profiled.client());
			}
			new Runner(options.build()).run();
			Files.writeString(dir.resolve(profiled.id() + ".collapsed"), collapsed(fold(recordingIn(recordings))),
					StandardCharsets.UTF_8);
		}
		info.setProperty("profile",
				"each case once more under JMH's Flight Recorder profiler (the JDK's profile settings with Java code "
						+ "sampled every " + SAMPLING_PERIOD + ", -XX:+DebugNonSafepoints), 1 x 2 s warm-up and "
						+ measurements + " x 2 s measured");
	}

	/**
	 * The JDK's {@code profile} settings with execution samples every
	 * {@value #SAMPLING_PERIOD} instead of 10 ms: a thread that mostly waits for Redis is
	 * on a CPU for too few 10 ms ticks to show where its work goes.
	 */
	private static Path samplingSettings(Path dir) throws IOException {
		String profile = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
		String faster = profile
			.replaceFirst("(<event name=\"jdk\\.ExecutionSample\">\\s*<setting name=\"enabled\"[^>]*>true</setting>\\s*"
					+ "<setting name=\"period\"[^>]*>)[^<]*(</setting>)", "$1" + SAMPLING_PERIOD + "$2");
		if (faster.equals(profile)) {
			throw new IOException("the JDK's profile.jfc has no jdk.ExecutionSample period to change");
		}
		return Files.writeString(dir.resolve("sampling.jfc"), faster, StandardCharsets.UTF_8);
	}

	/** The one recording of a case's run (JMH writes it in a folder of its own). */
	private static Path recordingIn(Path recordings) throws IOException {
		try (Stream<Path> files = Files.walk(recordings)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".jfr"))
				.findFirst()
				.orElseThrow(() -> new IOException("no recording under " + recordings));
		}
	}

	/** Counts the execution samples of a recording by stack, root first. */
	static Map<String, Long> fold(Path recording) throws IOException {
		Map<String, Long> stacks = new TreeMap<>();
		for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
			if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
				continue;
			}
			List<String> frames = new ArrayList<>();
			for (RecordedFrame frame : event.getStackTrace().getFrames()) {
				frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
			}
			Collections.reverse(frames);
			frames.add(0, threadKind(event.getThread("sampledThread")));
			stacks.merge(String.join(";", frames), 1L, Long::sum);
		}
		return stacks;
	}

	private static String threadKind(RecordedThread thread) {
		String name = (thread != null && thread.getJavaName() != null) ? thread.getJavaName() : "";
		if (name.contains("jmh-worker")) {
			return CALLER;
		}
		if (name.startsWith("earnbase-pubsub-")) {
			return HANDLER;
		}
		return name.contains("EventLoop") ? EVENT_LOOP : OTHER;
	}

	private static String collapsed(Map<String, Long> stacks) {
		StringBuilder text = new StringBuilder();
		stacks.forEach((stack, count) -> text.append(stack).append(' ').append(count).append('\n'));
		return text.toString();
	}

	/** Reads a collapsed-stacks file back. */
	static Map<String, Long> read(Path file) throws IOException {
		Map<String, Long> stacks = new TreeMap<>();
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			int space = line.lastIndexOf(' ');
			if (space > 0) {
				stacks.merge(line.substring(0, space), Long.parseLong(line.substring(space + 1)), Long::sum);
			}
		}
		return stacks;
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
				Files.delete(file);
			}
		}
	}

}
