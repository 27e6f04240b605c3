package com.earnbase.redis.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns one run's results (JMH JSON, latency files, redis-benchmark CSV, run facts) into
 * {@code BENCHMARKS.md} and the SVG chart {@code benchmarks/chart.svg}. Every ratio
 * compares two measurements of the same run.
 */
final class Report {

	/**
	 * One measured row: ops/s with JMH's 99.9% error, latency percentiles in microseconds
	 * and bytes allocated per operation (NaN if none).
	 */
	record Row(String scenario, String name, double opsPerSecond, double error, double p50, double p99,
			double bytesPerOp) {
	}

	/** One redis-benchmark line. */
	record CeilingRow(String run, String test, double rps, double p50Millis, double p99Millis) {
	}

	/**
	 * A scenario: its table title, what it does and the row every other row is compared
	 * with.
	 */
	record Scenario(String id, String title, String description, String baseline) {
	}

	/** The clients of S6 and S7. */
	static final String NEAR_CLIENTS = "lettuce-get = raw Lettuce GET of the JSON, not decoded (as S5's rawGet); "
			+ "earnbase-remote = our RedisCache.getOrSet (metrics on), near cache off: a GET and JSON decoding per "
			+ "read; earnbase-near = the same with the near cache on (NearCacheOptions defaults: 10,000 entries, 5 "
			+ "minutes), the decoded local copy returned; redisson-local-cached = Redisson's RLocalCachedMap.get "
			+ "(its default options: unbounded local cache, no eviction, invalidation over pub/sub) with a Jackson "
			+ "codec typed to the value class and plain string keys; lettuce-client-side-caching = Lettuce's "
			+ "ClientSideCaching over a ConcurrentHashMap (CLIENT TRACKING on, RESP3) with a Jackson codec. Every "
			+ "near cache returns a decoded object from its local copy.";

	static final List<Scenario> SCENARIOS = List.of(
			new Scenario("S1", "S1: one thread, SET then GET",
					"One thread alternates SET and GET of 100-byte "
							+ "values over 1000 keys: every command waits for its reply (round-trip bound).",
					"lettuce-sync"),
			new Scenario("S2", "S2: 16 threads, blocking GET/SET",
					"16 threads share one client and alternate "
							+ "blocking SET and GET (a servlet application's pattern).",
					"lettuce-sync"),
			new Scenario("S3", "S3: 256 commands in flight, 90% GET",
					"One thread keeps 256 asynchronous commands "
							+ "in flight (90% GET, 10% SET); latency runs from issue to reply.",
					"lettuce-async"),
			new Scenario("S4", "S4: rate-limit check", "One thread, one check per operation over 1000 limiter keys, "
					+ "limit never reached. rawScript = one EVALSHA (fixed window, INCR + PEXPIRE); getThenSet = "
					+ "the naive two-round-trip check; rateLimiter = our RedisRateLimiter.isAllowed (default "
					+ "sliding window); rateLimiterFixedWindow = ours with the raw script's algorithm; "
					+ "rateLimiterSlidingWindowCounter = ours with the sliding window counter; rawCounterScript = raw "
					+ "Lettuce running that same counter script by EVALSHA.", "rawScript"),
			new Scenario("S5", "S5: cache hit, lock, publish → receive", "One thread. rawGet = GET of a warm "
					+ "~100-byte JSON value (the baseline of a warm Cache.getOrSet); rawLockAcquireRelease = SET NX PX "
					+ "+ owner-checked DEL script; rawPublishReceive = PUBLISH until a subscriber on another "
					+ "connection has the message; cacheGetOrSet, lockAcquireRelease, publishReceive = ours "
					+ "(RedisCache, RedisLockService, RedisPubSubService on our client, metrics on).", "rawGet"),
			new Scenario("S6", "S6: near cache, one thread, warm hit", "Issue 17. One thread reads warm keys (1000 "
					+ "keys, each written and read once before the measurement) holding a small value object (a record "
					+ "of a long and a string, ~100 bytes of JSON). " + NEAR_CLIENTS, "lettuce-get"),
			new Scenario("S7", "S7: near cache, 16 threads, warm hit",
					"Issue 17. 16 threads share one client and read warm keys, as S6.", "lettuce-get"));

	/** One line of the near cache's invalidation measurement. */
	record InvalidationRow(String client, long updates, double p50, double p99, double max, String stale,
			String freshOnFirstRead, double warmReadP50, String error) {
	}

	private final Path results;

	private final Properties info = new Properties();

	private final List<Row> rows = new ArrayList<>();

	private final List<CeilingRow> ceiling = new ArrayList<>();

	private final List<InvalidationRow> invalidation = new ArrayList<>();

	private final Path output;

	private Report(Path results, Path output) {
		this.results = results;
		this.output = output;
	}

	/**
	 * Reads the results in {@code results} and writes {@code BENCHMARKS.md} and the chart
	 * under {@code output}.
	 */
	static void write(Path results, Path output) throws IOException {
		Report report = new Report(results, output);
		report.read();
		Path markdown = output.resolve("BENCHMARKS.md");
		Path chart = output.resolve("benchmarks").resolve("chart.svg");
		Files.createDirectories(chart.getParent());
		Files.writeString(markdown, report.markdown(), StandardCharsets.UTF_8);
		Files.writeString(chart, Chart.svg(report), StandardCharsets.UTF_8);
		System.out
			.println("Wrote " + markdown.toAbsolutePath().normalize() + " and " + chart.toAbsolutePath().normalize());
	}

	// --- reading
	// -----------------------------------------------------------------------------------------

	private void read() throws IOException {
		Path runInfo = this.results.resolve(BenchmarkSuite.RUN_INFO);
		if (Files.exists(runInfo)) {
			try (Reader reader = Files.newBufferedReader(runInfo, StandardCharsets.UTF_8)) {
				this.info.load(reader);
			}
		}
		Map<String, Properties> latencies = readLatencies();
		readInvalidation();
		Path jmh = this.results.resolve(BenchmarkSuite.JMH_RESULT);
		if (!Files.exists(jmh) && this.invalidation.isEmpty()) {
			throw new IOException(jmh + " is missing: run the suite first");
		}
		JsonNode jmhResults = Files.exists(jmh) ? new ObjectMapper().readTree(jmh.toFile())
				: new ObjectMapper().createArrayNode();
		for (JsonNode result : jmhResults) {
			String benchmark = result.path("benchmark").asText();
			String client = result.path("params").path("client").asText(null);
			String className = benchmark.substring(0, benchmark.lastIndexOf('.'));
			String simpleClass = className.substring(className.lastIndexOf('.') + 1);
			String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
			String scenario = simpleClass.substring(0, 2);
			Properties latency = latencies.get(benchmark + "|" + ((client != null) ? client : "-"));
			JsonNode metric = result.path("primaryMetric");
			this.rows.add(new Row(scenario, (client != null) ? client : method, metric.path("score").asDouble(),
					metric.path("scoreError").asDouble(Double.NaN), number(latency, "p50Micros"),
					number(latency, "p99Micros"), bytesPerOp(result.path("secondaryMetrics"))));
		}
		Path csv = this.results.resolve(BenchmarkSuite.CEILING_RESULT);
		if (Files.exists(csv)) {
			List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
			for (String line : lines.subList(1, lines.size())) {
				String[] cells = line.split(",");
				this.ceiling.add(new CeilingRow(cells[0], cells[1], Double.parseDouble(cells[2]),
						Double.parseDouble(cells[3]), Double.parseDouble(cells[4])));
			}
		}
	}

	private void readInvalidation() throws IOException {
		Path csv = this.results.resolve(NearInvalidation.RESULT);
		if (!Files.exists(csv)) {
			return;
		}
		List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		for (String line : lines.subList(1, lines.size())) {
			String[] cells = line.split(",", -1);
			this.invalidation.add(new InvalidationRow(cells[0], Long.parseLong(cells[1]), decimal(cells[2]),
					decimal(cells[3]), decimal(cells[4]), cells[5], cells[6], decimal(cells[7]), cells[8]));
		}
	}

	private static double decimal(String cell) {
		return cell.isBlank() ? Double.NaN : Double.parseDouble(cell);
	}

	/**
	 * GCProfiler's normalised allocation rate, named with or without JMH's "·" prefix.
	 */
	private static double bytesPerOp(JsonNode secondaryMetrics) {
		for (Map.Entry<String, JsonNode> metric : (Iterable<Map.Entry<String, JsonNode>>) secondaryMetrics::fields) {
			if (metric.getKey().endsWith("gc.alloc.rate.norm")) {
				return metric.getValue().path("score").asDouble(Double.NaN);
			}
		}
		return Double.NaN;
	}

	private Map<String, Properties> readLatencies() throws IOException {
		Map<String, Properties> latencies = new LinkedHashMap<>();
		Path dir = this.results.resolve(BenchmarkSuite.LATENCY_DIR);
		if (!Files.isDirectory(dir)) {
			return latencies;
		}
		try (Stream<Path> files = Files.list(dir)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Properties latency = new Properties();
				try (InputStream in = Files.newInputStream(file)) {
					latency.load(in);
				}
				latencies.put(latency.getProperty("benchmark") + "|" + latency.getProperty("client"), latency);
			}
		}
		return latencies;
	}

	private static double number(Properties properties, String name) {
		return (properties != null && properties.getProperty(name) != null)
				? Double.parseDouble(properties.getProperty(name)) : Double.NaN;
	}

	// --- queries
	// -----------------------------------------------------------------------------------------

	List<Row> rows(String scenario) {
		return this.rows.stream().filter((row) -> row.scenario().equals(scenario)).toList();
	}

	Optional<Row> row(String scenario, String name) {
		return this.rows.stream()
			.filter((row) -> row.scenario().equals(scenario) && row.name().equals(name))
			.findFirst();
	}

	/**
	 * ops/s of {@code name} divided by ops/s of {@code baseline} in the same scenario, if
	 * both were measured.
	 */
	Optional<Double> ratio(String scenario, String name, String baseline) {
		Optional<Row> row = row(scenario, name);
		Optional<Row> base = row(scenario, baseline);
		return (row.isPresent() && base.isPresent() && base.get().opsPerSecond() > 0)
				? Optional.of(row.get().opsPerSecond() / base.get().opsPerSecond()) : Optional.empty();
	}

	/** The invalidation measurement of one client, if this run took it. */
	Optional<InvalidationRow> invalidation(String client) {
		return this.invalidation.stream().filter((row) -> row.client().equals(client) && row.updates() > 0).findFirst();
	}

	/** The mean rps of SET and GET of one redis-benchmark run. */
	Optional<Double> ceilingRps(String run) {
		return this.ceiling.stream()
			.filter((row) -> row.run().equals(run))
			.mapToDouble(CeilingRow::rps)
			.average()
			.stream()
			.boxed()
			.findFirst();
	}

	/** Which redis-benchmark run is the ceiling of a scenario, if any. */
	static Optional<String> ceilingOf(String scenario) {
		return switch (scenario) {
			case "S1" -> Optional.of("c=1");
			case "S2" -> Optional.of("c=16");
			case "S3" -> Optional.of("c=16 -P 16");
			default -> Optional.empty();
		};
	}

	static Scenario scenario(String id) {
		return SCENARIOS.stream().filter((s) -> s.id().equals(id)).findFirst().orElseThrow();
	}

	// --- markdown
	// ----------------------------------------------------------------------------------------

	private String markdown() throws IOException {
		StringBuilder md = new StringBuilder();
		md.append("# Benchmarks\n\n");
		md.append("Generated by `./benchmarks/run.sh")
			.append(this.info.getProperty("arguments", "").isBlank() ? "" : " " + this.info.getProperty("arguments"))
			.append("` from one run; do not edit by hand. Every ratio compares two clients measured in this same run ")
			.append("on the same server. The chart is [benchmarks/chart.svg](benchmarks/chart.svg).\n\n");
		if (Boolean.parseBoolean(this.info.getProperty("quick"))) {
			md.append("> **Quick smoke run** (`--quick`: one 1-second iteration per benchmark). These numbers only "
					+ "show that everything runs; use the full run for comparisons.\n\n");
		}
		md.append("![ops/s per client and scenario](benchmarks/chart.svg)\n\n");
		md.append("## Run\n\n");
		md.append("| | |\n|---|---|\n");
		item(md, "Date (UTC)", this.info.getProperty("started", "?") + " → " + this.info.getProperty("finished", "?"));
		item(md, "Machine", this.info.getProperty("cpu", "?") + ", " + this.info.getProperty("cores", "?")
				+ " cores (nproc), " + this.info.getProperty("memory", "?") + " RAM");
		item(md, "Load average (1/5/15 min)",
				"before " + this.info.getProperty("loadBefore", "?") + ", after "
						+ this.info.getProperty("loadAfter", "?") + " on " + this.info.getProperty("cores", "?")
						+ " cores: above the core count, other work competed for the CPU and the numbers are noisy");
		item(md, "OS", this.info.getProperty("os", "?"));
		item(md, "JDK", this.info.getProperty("jdk", "?"));
		item(md, "Redis", this.info.getProperty("redisVersion", "?") + ", " + this.info.getProperty("server", "?"));
		item(md, "Libraries", Versions.describe());
		item(md, "JMH", this.info.getProperty("jmh", "?") + "; latency percentiles from an HdrHistogram of every "
				+ "command in the measurement iterations");
		item(md, "Command", "`./benchmarks/run.sh"
				+ (this.info.getProperty("arguments", "").isBlank() ? "" : " " + this.info.getProperty("arguments"))
				+ "` (builds with `./mvnw -B -Pbenchmarks -pl "
				+ "benchmarks -am package -DskipTests`, then `java -jar benchmarks/target/earnbase-redis-benchmarks.jar`)");
		md.append('\n');
		md.append(
				"Clients: `lettuce-sync` / `lettuce-async` = raw Lettuce, sync or async API on one shared connection; "
						+ "`earnbase-*` = our `RedisClient` with the starter's defaults (`-metrics`: with a Micrometer "
						+ "`SimpleMeterRegistry`; `-async`: the `AsyncRedisClient`, awaited in S1/S2); `spring-template` = "
						+ "Spring Data's `StringRedisTemplate` on a `LettuceConnectionFactory`; `jedis` = `JedisPool` (64 "
						+ "connections); `redisson` = `RBucket` with `StringCodec` (Redisson's default pools). Our client "
						+ "consolidates socket flushes by default (Netty's `FlushConsolidationHandler`, builder option "
						+ "`flushConsolidation`); `+noflush` = the same client with it off (the state before the tuning), "
						+ "`lettuce-async+flush` = raw Lettuce with the same handler; `+spin` = an async client awaited by "
						+ "polling the reply for up to 100 µs before parking (an option tried for the blocking path, "
						+ "see the profiles). Raw Lettuce and Spring use Lettuce "
						+ "resources with the command-latency "
						+ "collector off, like our client, so only the wrapper differs.\n\n");

		for (Scenario scenario : SCENARIOS) {
			List<Row> scenarioRows = rows(scenario.id());
			if (scenarioRows.isEmpty()) {
				continue;
			}
			md.append("## ").append(scenario.title()).append("\n\n").append(scenario.description()).append("\n\n");
			md.append("| Client | ops/s | ± (99.9%) | × ")
				.append(scenario.baseline())
				.append(" | p50 µs | p99 µs | B/op |\n");
			md.append("|---|---:|---:|---:|---:|---:|---:|\n");
			for (Row row : scenarioRows) {
				md.append("| ")
					.append(row.name())
					.append(" | ")
					.append(count(row.opsPerSecond()))
					.append(" | ")
					.append(count(row.error()))
					.append(" | ")
					.append(ratio(scenario.id(), row.name(), scenario.baseline()).map(Report::times).orElse("–"))
					.append(" | ")
					.append(micros(row.p50()))
					.append(" | ")
					.append(micros(row.p99()))
					.append(" | ")
					.append(count(row.bytesPerOp()))
					.append(" |\n");
			}
			Optional<String> ceilingRun = ceilingOf(scenario.id());
			if (ceilingRun.isPresent() && ceilingRps(ceilingRun.get()).isPresent()) {
				double rps = ceilingRps(ceilingRun.get()).get();
				md.append("| *redis-benchmark ")
					.append(ceilingRun.get())
					.append("* | ")
					.append(count(rps))
					.append(" | | ")
					.append(row(scenario.id(), scenario.baseline()).map((base) -> times(rps / base.opsPerSecond()))
						.orElse("–"))
					.append(" | | | |\n");
			}
			md.append('\n');
		}

		md.append(invalidationSection());

		if (!this.ceiling.isEmpty()) {
			md.append("## Ceiling: redis-benchmark\n\n");
			md.append("`redis-benchmark` (C, no client library) against the same server, SET and GET of 100-byte "
					+ "values over 1000 random keys.\n\n");
			md.append("| Run | Test | requests/s | p50 ms | p99 ms |\n|---|---|---:|---:|---:|\n");
			for (CeilingRow row : this.ceiling) {
				md.append("| ")
					.append(row.run())
					.append(" | ")
					.append(row.test())
					.append(" | ")
					.append(count(row.rps()))
					.append(" | ")
					.append(decimal(row.p50Millis(), 3))
					.append(" | ")
					.append(decimal(row.p99Millis(), 3))
					.append(" |\n");
			}
			md.append("\nCommand lines:\n\n");
			for (Ceiling.Run run : Ceiling.RUNS) {
				String command = this.info.getProperty("redisBenchmark." + run.name());
				if (command != null) {
					md.append("- `").append(command).append("`\n");
				}
			}
			md.append('\n');
		}

		md.append(tuning());
		md.append(Targets.markdown(this));
		md.append(profiles());
		md.append(blockingOptions());
		return md.toString();
	}

	/** Issue 17's invalidation latency, if this run measured it. */
	private String invalidationSection() {
		if (this.invalidation.isEmpty()) {
			return "";
		}
		StringBuilder md = new StringBuilder("## Near cache: invalidation latency\n\n");
		md.append("Issue 17. Two independent clients A and B, each with its own near cache, on the same server. B ")
			.append("holds a local copy of a key; A writes a new value; measured: from A's write returning until B's ")
			.append("read returns the new value (B reads in a loop, yielding the CPU between reads; the last read ")
			.append("includes B's reload from Redis). ")
			.append(NearInvalidation.WARMUP)
			.append(" unrecorded updates, then ")
			.append(NearInvalidation.UPDATES)
			.append(" recorded, one client after the other in the suite's JVM. Stale = B still read the old value ")
			.append("1 s after the write. Before each update B reads its key ")
			.append(NearInvalidation.WARM_READS)
			.append(" times, untimed, so that it holds a local copy again (a read that raced with an invalidation ")
			.append("may keep none). First read new = B's first read after A's write already returned the new ")
			.append("value. Warm read = one more read of B's warm key before each update: about a µs is a local ")
			.append("copy, a round trip is tens of µs. Clients as in S6.\n\n");
		md.append("| Client | updates | p50 µs | p99 µs | max µs | stale | first read new | warm read p50 µs |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (InvalidationRow row : this.invalidation) {
			List<String> cells = row.error().isEmpty()
					? List.of(row.client(), Long.toString(row.updates()), micros(row.p50()), micros(row.p99()),
							micros(row.max()), row.stale(), row.freshOnFirstRead(), decimal(row.warmReadP50(), 1))
					: List.of(row.client(), "failed: " + row.error(), "–", "–", "–", "–", "–", "–");
			md.append("| ").append(String.join(" | ", cells)).append(" |\n");
		}
		md.append('\n');
		return md.toString();
	}

	/**
	 * The profiles, if this run took them: a flame graph per case and where its CPU
	 * samples fell.
	 */
	private String profiles() throws IOException {
		Path dir = this.results.resolve(Profiles.DIR);
		if (!Files.isDirectory(dir)) {
			return "";
		}
		StringBuilder md = new StringBuilder("## Profiles: where the CPU goes\n\n");
		md.append("For issue 19's targets: ")
			.append(this.info.getProperty("profile", "each case under JMH's Flight Recorder profiler"))
			.append(". Execution samples are Java code running on a CPU, taken every ")
			.append(Profiles.SAMPLING_PERIOD)
			.append(" per running thread; a thread parked or blocked in a system call is not sampled, so the thread ")
			.append("columns show how a case's CPU work is split between the benchmark's calling thread, Lettuce's I/O ")
			.append("thread and (pub/sub) our handler thread; the hottest frames are where samples were taken ")
			.append("(self time). Each case links its flame graph (root at the bottom).\n\n");
		md.append("| Case | ops/s (main run) | samples | caller | I/O thread | handler | other | hottest frames on the "
				+ "caller | hottest frames on the I/O thread |\n|---|---:|---:|---:|---:|---:|---:|---|---|\n");
		for (Profiles.Case profiled : Profiles.CASES) {
			Path collapsed = dir.resolve(profiled.id() + ".collapsed");
			if (!Files.exists(collapsed)) {
				continue;
			}
			Map<String, Long> stacks = Profiles.read(collapsed);
			String svgName = "profile-" + profiled.id() + ".svg";
			String label = profiled.scenario() + " " + profiled.name();
			Files.writeString(this.output.resolve("benchmarks").resolve(svgName),
					FlameGraph.svg(stacks, label + ": Java execution samples"), StandardCharsets.UTF_8);
			long total = stacks.values().stream().mapToLong(Long::longValue).sum();
			List<String> cells = List.of("[" + label + "](benchmarks/" + svgName + ")",
					row(profiled.scenario(), profiled.name()).map((r) -> count(r.opsPerSecond())).orElse("–"),
					Long.toString(total), share(stacks, Profiles.CALLER, total),
					share(stacks, Profiles.EVENT_LOOP, total), share(stacks, Profiles.HANDLER, total),
					share(stacks, Profiles.OTHER, total), hottest(stacks, Profiles.CALLER, total),
					hottest(stacks, Profiles.EVENT_LOOP, total));
			md.append("| ").append(String.join(" | ", cells)).append(" |\n");
		}
		md.append('\n');
		return md.toString();
	}

	/**
	 * The option tried to close the gap to Jedis that keeps Lettuce: spin before parking.
	 */
	private String blockingOptions() {
		StringBuilder md = new StringBuilder("## Blocking path: options tried\n\n");
		md.append("The caller polls its reply for up to 100 µs before it parks, so that a reply ")
			.append("on time needs no unpark from the I/O thread (`+spin`). Share of the gap to Jedis closed = ")
			.append("(spin − without) / (Jedis − without), in this run:\n\n");
		md.append("| Scenario | Client | ops/s | +spin ops/s | +spin / without | gap to Jedis closed |\n");
		md.append("|---|---|---:|---:|---:|---:|\n");
		boolean measured = false;
		for (String scenario : List.of("S1", "S2")) {
			for (String client : List.of("lettuce-async", Targets.OURS_ASYNC)) {
				Optional<Row> without = row(scenario, client);
				Optional<Row> spin = row(scenario, client + "+spin");
				Optional<Row> jedis = row(scenario, "jedis");
				if (without.isEmpty() || spin.isEmpty()) {
					continue;
				}
				measured = true;
				double base = without.get().opsPerSecond();
				double spun = spin.get().opsPerSecond();
				md.append("| ")
					.append(scenario)
					.append(" | ")
					.append(client)
					.append(" | ")
					.append(count(base))
					.append(" | ")
					.append(count(spun))
					.append(" | ")
					.append(times(spun / base))
					.append(" | ")
					.append(jedis.filter((j) -> j.opsPerSecond() > base)
						.map((j) -> String.format(Locale.ROOT, "%.0f%%",
								100 * (spun - base) / (j.opsPerSecond() - base)))
						.orElse("–"))
					.append(" |\n");
			}
		}
		md.append('\n');
		return measured ? md.toString() : "";
	}

	private static String share(Map<String, Long> stacks, String thread, long total) {
		long samples = stacks.entrySet()
			.stream()
			.filter((stack) -> stack.getKey().startsWith(thread + ";"))
			.mapToLong(Map.Entry::getValue)
			.sum();
		return String.format(Locale.ROOT, "%.0f%%", 100.0 * samples / Math.max(1, total));
	}

	/** The three frames that most samples of a thread kind were running, with shares. */
	private static String hottest(Map<String, Long> stacks, String thread, long total) {
		Map<String, Long> self = new LinkedHashMap<>();
		stacks.forEach((stack, count) -> {
			if (stack.startsWith(thread + ";")) {
				self.merge(FlameGraph.shortName(stack.substring(stack.lastIndexOf(';') + 1)), count, Long::sum);
			}
		});
		return self.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(3)
			.map((frame) -> String.format(Locale.ROOT, "`%s` %.0f%%", frame.getKey(),
					100.0 * frame.getValue() / Math.max(1, total)))
			.reduce((a, b) -> a + ", " + b)
			.orElse("–");
	}

	/** Flush consolidation measured both ways in this run. */
	private String tuning() {
		record Pair(String scenario, String before, String after) {
		}
		List<Pair> pairs = List.of(new Pair("S1", "earnbase-sync-metrics+noflush", "earnbase-sync-metrics"),
				new Pair("S2", "earnbase-sync-metrics+noflush", "earnbase-sync-metrics"),
				new Pair("S3", "earnbase-async-metrics+noflush", "earnbase-async-metrics"),
				new Pair("S3", "lettuce-async", "lettuce-async+flush"));
		StringBuilder md = new StringBuilder("## Tuning: consolidated flushes\n\n");
		md.append("Lettuce 6.6 writes and flushes every command on its own, one system call each. Our client adds "
				+ "Netty's `FlushConsolidationHandler` (through Lettuce's `NettyCustomizer`) to the connections of the "
				+ "`ClientResources` it creates: a flush asked for while a reply is being read waits for the read to "
				+ "finish, any other waits one event-loop task, so commands queued meanwhile leave in one write; "
				+ "after 256 held flushes it flushes anyway. Nothing waits on a timer, so a lone command is not "
				+ "delayed beyond one task hop. It is on by default (`RedisClient.builder().flushConsolidation(false)` "
				+ "turns it off). In a Spring Boot application the client shares Boot's `ClientResources`, and the "
				+ "starter adds the same handler to them (`earnbase.redis.flush-consolidation=false` turns it off), "
				+ "so Boot's own `RedisTemplate` connections gain too. Before/after in this run:\n\n");
		md.append("| Scenario | Before | ops/s | After | ops/s | After / before | p99 µs before → after |\n");
		md.append("|---|---|---:|---|---:|---:|---:|\n");
		boolean measured = false;
		for (Pair pair : pairs) {
			Optional<Row> before = row(pair.scenario(), pair.before());
			Optional<Row> after = row(pair.scenario(), pair.after());
			if (before.isEmpty() || after.isEmpty()) {
				continue;
			}
			measured = true;
			md.append("| ")
				.append(pair.scenario())
				.append(" | ")
				.append(pair.before())
				.append(" | ")
				.append(count(before.get().opsPerSecond()))
				.append(" | ")
				.append(pair.after())
				.append(" | ")
				.append(count(after.get().opsPerSecond()))
				.append(" | ")
				.append(times(after.get().opsPerSecond() / before.get().opsPerSecond()))
				.append(" | ")
				.append(micros(before.get().p99()))
				.append(" → ")
				.append(micros(after.get().p99()))
				.append(" |\n");
		}
		md.append('\n');
		return measured ? md.toString() : "";
	}

	private static void item(StringBuilder md, String name, String value) {
		md.append("| ").append(name).append(" | ").append(value).append(" |\n");
	}

	static String count(double value) {
		return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%,.0f", value);
	}

	static String times(double ratio) {
		return String.format(Locale.ROOT, "%.2f", ratio);
	}

	static String micros(double value) {
		return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.0f", value);
	}

	static String decimal(double value, int digits) {
		return String.format(Locale.ROOT, "%." + digits + "f", value);
	}

	Properties info() {
		return this.info;
	}

}
