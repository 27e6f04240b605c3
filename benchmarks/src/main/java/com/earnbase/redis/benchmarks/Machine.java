package com.earnbase.redis.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Describes the machine and JVM of a run for the report: CPU model, core count, memory,
 * OS, JDK.
 */
final class Machine {

	private Machine() {
	}

	static void describe(Properties info) {
		info.setProperty("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU"));
		info.setProperty("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
		info.setProperty("memory",
				firstValue(Path.of("/proc/meminfo"), "MemTotal").map(Machine::gibibytes).orElse("unknown"));
		info.setProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch"));
		info.setProperty("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
				+ " (" + System.getProperty("java.vm.vendor") + ")");
	}

	/**
	 * The 1, 5 and 15-minute load averages, a sign of other work competing with the
	 * benchmark for the CPU.
	 */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException | ArrayIndexOutOfBoundsException ex) {
			return "unknown";
		}
	}

	private static java.util.Optional<String> firstValue(Path file, String name) {
		try {
			List<String> lines = Files.readAllLines(file);
			return lines.stream()
				.filter((line) -> line.startsWith(name))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst();
		}
		catch (IOException ex) {
			return java.util.Optional.empty();
		}
	}

	private static String gibibytes(String memTotal) {
		String kib = memTotal.replace("kB", "").trim();
		try {
			return String.format(java.util.Locale.ROOT, "%.1f GiB", Long.parseLong(kib) / 1024.0 / 1024.0);
		}
		catch (NumberFormatException ex) {
			return memTotal;
		}
	}

}
