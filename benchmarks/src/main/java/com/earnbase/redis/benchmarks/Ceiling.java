package com.earnbase.redis.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling: {@code redis-benchmark} (C, one event loop, no client library) against the
 * suite's server with one connection, 16 connections, and 16 connections pipelining 16
 * commands each; SET and GET of 100-byte values over 1000 random keys.
 */
final class Ceiling {

	/** One redis-benchmark run: its name in the report and its client arguments. */
	record Run(String name, int connections, int pipeline) {
	}

	static final List<Run> RUNS = List.of(new Run("c=1", 1, 1), new Run("c=16", 16, 1), new Run("c=16 -P 16", 16, 16));

	private Ceiling() {
	}

	static void run(BenchRedisServer server, Path results, boolean quick, Properties info)
			throws IOException, InterruptedException {
		List<String> rows = new ArrayList<>();
		rows.add("run,test,rps,p50_ms,p99_ms");
		for (Run run : RUNS) {
			int requests = (run.pipeline() > 1 ? 1_000_000 : run.connections() > 1 ? 200_000 : 50_000)
					/ (quick ? 10 : 1);
			List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", server.uri().getHost(), "-p",
					Integer.toString(server.uri().getPort()), "-t", "set,get", "-d",
					Integer.toString(BenchEnvironment.VALUE_BYTES), "-r", Integer.toString(BenchEnvironment.KEYS), "-n",
					Integer.toString(requests), "-c", Integer.toString(run.connections()), "-P",
					Integer.toString(run.pipeline()), "--csv"));
			info.setProperty("redisBenchmark." + run.name(),
					String.join(" ", command).replace("-p " + server.uri().getPort(), "-p PORT"));
			String password = BenchEnvironment.password(server.uri());
			if (password != null) {
				command.addAll(List.of("-a", password));
			}
			Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IOException("redis-benchmark " + run.name() + " failed: " + output);
			}
			for (String line : output.lines().toList()) {
				List<String> cells = unquote(line);
				// "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms",...
				if (cells.size() >= 7 && !cells.get(0).equals("test")) {
					rows.add(String.join(",", run.name(), cells.get(0), cells.get(1), cells.get(4), cells.get(6)));
				}
			}
		}
		Files.write(results.resolve(BenchmarkSuite.CEILING_RESULT), rows, StandardCharsets.UTF_8);
	}

	private static List<String> unquote(String line) {
		List<String> cells = new ArrayList<>();
		for (String cell : line.split(",")) {
			cells.add(cell.replace("\"", "").trim());
		}
		return cells;
	}

}
