package com.earnbase.redis.benchmarks;

import java.util.Objects;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;

/**
 * What a benchmark fork needs from the suite: the server URL and where to write latency
 * percentiles. The suite passes both as system properties to every forked JVM.
 */
final class BenchEnvironment {

	/** System property with the Redis URL every client of a fork connects to. */
	static final String URL_PROPERTY = "earnbase.bench.url";

	/**
	 * System property with the folder that receives one latency file per benchmark run.
	 */
	static final String LATENCY_DIR_PROPERTY = "earnbase.bench.latencyDir";

	/**
	 * Environment variable that points the suite at an existing server instead of
	 * starting one.
	 */
	static final String URL_ENV = "EARNBASE_REDIS_BENCH_URL";

	/** Value size of every write, as issue 10 asks. */
	static final int VALUE_BYTES = 100;

	/** Number of distinct keys each scenario cycles through. */
	static final int KEYS = 1000;

	/**
	 * The prefix our client adds; raw clients use the same full key names so every client
	 * sends equal bytes.
	 */
	static final String PREFIX = "eb";

	private BenchEnvironment() {
	}

	static String url() {
		return Objects.requireNonNull(System.getProperty(URL_PROPERTY), "system property " + URL_PROPERTY
				+ " is not set: run the suite through BenchmarkSuite (benchmarks/run.sh)");
	}

	static RedisURI uri() {
		return RedisURI.create(url());
	}

	/**
	 * The password in a server's URL, through the credentials provider that Lettuce 6.6
	 * and 7.x both have (7 dropped {@code RedisURI.getPassword()}).
	 * @param uri the server
	 * @return the password, or null when the URL has none
	 */
	static String password(RedisURI uri) {
		RedisCredentials credentials = uri.getCredentialsProvider().resolveCredentials().block();
		return (credentials != null && credentials.hasPassword()) ? new String(credentials.getPassword()) : null;
	}

	/** The key without our client's prefix. */
	static String shortKey(int index) {
		return "bench:key:" + index;
	}

	/** The key as Redis stores it: the prefix plus the short key. */
	static String fullKey(int index) {
		return PREFIX + ":" + shortKey(index);
	}

	static String value() {
		return "v".repeat(VALUE_BYTES);
	}

}
