package com.earnbase.redis.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The versions of the measured libraries, from the dependency list that the build writes
 * into the jar ({@code maven-dependency-plugin:list}), since a shaded jar keeps no
 * per-library manifest.
 */
final class Versions {

	/** Resource written by the build. */
	static final String RESOURCE = "/earnbase-bench-dependencies.txt";

	private static final Map<String, String> SHOWN = new LinkedHashMap<>();

	static {
		SHOWN.put("io.lettuce:lettuce-core", "Lettuce");
		SHOWN.put("io.netty:netty-handler", "Netty");
		SHOWN.put("redis.clients:jedis", "Jedis");
		SHOWN.put("org.springframework.data:spring-data-redis", "Spring Data Redis");
		SHOWN.put("org.redisson:redisson", "Redisson");
		SHOWN.put("com.github.ben-manes.caffeine:caffeine", "Caffeine");
		SHOWN.put("io.micrometer:micrometer-core", "Micrometer");
		SHOWN.put("org.openjdk.jmh:jmh-core", "JMH");
		SHOWN.put("com.earnbase:earnbase-redis-autoconfigure", "earnbase-redis");
	}

	private Versions() {
	}

	static String describe() {
		Map<String, String> found = new LinkedHashMap<>();
		try (InputStream in = Versions.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				return "unknown (" + RESOURCE + " is not in the jar)";
			}
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
				// group:artifact:type:version:scope, possibly followed by " -- module
				// ..."
				String[] parts = line.trim().split("\\s")[0].split(":");
				if (parts.length >= 5) {
					found.put(parts[0] + ":" + parts[1], parts[3]);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<String> shown = new ArrayList<>();
		SHOWN.forEach((coordinates, name) -> {
			if (found.containsKey(coordinates)) {
				shown.add(name + " " + found.get(coordinates));
			}
		});
		return String.join(", ", shown);
	}

}
