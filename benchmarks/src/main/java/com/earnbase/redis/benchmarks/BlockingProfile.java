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
 * Profiles the blocking path of issue 19: runs S1 once more for our client, raw Lettuce
 * and Jedis under JMH's Flight Recorder profiler and folds each recording's execution
 * samples (Java code on a CPU) into collapsed stacks, one file per client, rooted at the
 * kind of thread that ran them. {@link Report} turns them into flame graphs and a table
 * of where each client's CPU goes.
 */
final class BlockingProfile {

	/** How often a running thread's Java stack is sampled. */
	static final String SAMPLING_PERIOD = "1 ms";

	/** The folder of the collapsed stacks in the results folder. */
	static final String DIR = "profiles";

	/** The clients profiled: ours as the targets measure it, raw Lettuce and Jedis. */
	static final List<String> CLIENTS = List.of(Targets.OURS_SYNC, "lettuce-sync", "jedis");

	/** The root frame of samples taken on the benchmark's calling thread. */
	static final String CALLER = "caller thread";

	/** The root frame of samples taken on Netty's event loop (Lettuce's I/O thread). */
	static final String EVENT_LOOP = "I/O thread (event loop)";

	/** The root frame of samples taken on any other thread (JIT and GC are native). */
	static final String OTHER = "other Java threads";

	private BlockingProfile() {
	}

	/**
	 * Runs the profile against a running server and writes {@code DIR/<client>.collapsed}
	 * under {@code results}.
	 */
	static void run(BenchRedisServer server, Path results, boolean quick, Properties info) throws Exception {
		Path dir = results.resolve(DIR);
		deleteRecursively(dir);
		Path recordings = Files.createDirectories(dir.resolve("jfr"));
		Path latency = Files.createDirectories(dir.resolve("latency"));
		Path settings = samplingSettings(dir);
		int measurements = quick ? 1 : 5;
		new Runner(new OptionsBuilder().include(S1SingleThread.class.getName().replace(".", "\\.") + "\\.setThenGet")
			.param("client", CLIENTS.toArray(String[]::new))
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
			.shouldFailOnError(false)
			.build()).run();
		for (String client : CLIENTS) {
			Path recording = recordingOf(recordings, client);
			Files.writeString(dir.resolve(client + ".collapsed"), collapsed(fold(recording)), StandardCharsets.UTF_8);
		}
		info.setProperty("profile",
				"S1 under JMH's Flight Recorder profiler (the JDK's profile settings with Java code sampled every "
						+ SAMPLING_PERIOD + ", -XX:+DebugNonSafepoints), 1 x 2 s warm-up and " + measurements
						+ " x 2 s measured, clients " + CLIENTS);
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

	/** JMH writes each trial's recording in a folder named after its parameters. */
	private static Path recordingOf(Path recordings, String client) throws IOException {
		try (Stream<Path> files = Files.walk(recordings)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".jfr"))
				.filter((file) -> file.getParent().getFileName().toString().endsWith("client-" + client))
				.findFirst()
				.orElseThrow(() -> new IOException("no recording of " + client + " under " + recordings));
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
