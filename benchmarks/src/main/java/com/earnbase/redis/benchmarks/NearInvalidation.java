package com.earnbase.redis.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.earnbase.redis.benchmarks.S5CacheLockPubSub.Item;
import org.HdrHistogram.Histogram;

/**
 * Issue 17's invalidation latency (not a JMH benchmark): two independent clients A and B,
 * each with its own near cache, on one Redis. B holds a local copy of a key; A writes a
 * new value; the time from A's write returning until B's {@code get} returns the new
 * value is recorded, B polling (yielding the CPU between reads) until it does. The last
 * poll includes B's reload of the value from Redis after its copy was dropped. Repeated
 * {@value #UPDATES} times after {@value #WARMUP} unrecorded updates, for our near cache,
 * Redisson's {@code RLocalCachedMap} and Lettuce's client-side caching (see
 * {@link NearCaches}), one after the other in the suite's JVM.
 * <p>
 * Before each update B reads its key {@value #WARM_READS} times, untimed: the read that
 * saw the previous value may have kept no local copy (our near cache and Redisson's keep
 * none of a read that raced with an invalidation), so that A's write always finds a local
 * copy in B. Also recorded, to show that B really reads its local copy: the median time
 * of one more read of B's warm key before each update (a round trip is tens of
 * microseconds, a local hit a few), and how many updates B saw on its very first read
 * after A's write returned (the invalidation had arrived before A's reply, or B does not
 * read a local copy).
 */
final class NearInvalidation {

	/** The results file in the results folder. */
	static final String RESULT = "near-invalidation.csv";

	/** Recorded updates per client. */
	static final int UPDATES = 1000;

	/** Updates before the recorded ones. */
	static final int WARMUP = 200;

	/** B's untimed reads of its key before each update. */
	static final int WARM_READS = 3;

	/** How long B polls before the update counts as stale. */
	static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** After this many stale updates a client's measurement stops. */
	static final int MAX_STALE = 5;

	static final List<String> CLIENTS = List.of(NearCaches.EARNBASE_NEAR, NearCaches.REDISSON_LOCAL_CACHED,
			NearCaches.LETTUCE_CLIENT_SIDE_CACHING);

	static final String HEADER = "client,updates,p50Micros,p99Micros,maxMicros,stale,freshOnFirstRead,warmReadP50Micros,error";

	private NearInvalidation() {
	}

	/**
	 * Whether a run with these {@code --include} patterns measures invalidation: always
	 * without patterns, else when one finds this class's name (for example {@code Near}).
	 */
	static boolean selected(List<String> includes) {
		return includes.isEmpty() || includes.stream()
			.anyMatch((include) -> Pattern.compile(include).matcher(NearInvalidation.class.getName()).find());
	}

	static void run(BenchRedisServer server, Path results, Properties info) throws IOException {
		System.setProperty(BenchEnvironment.URL_PROPERTY, server.url());
		List<String> lines = new ArrayList<>();
		lines.add(HEADER);
		long start = System.nanoTime();
		for (String client : CLIENTS) {
			System.out.println("# Near-cache invalidation: " + client);
			String line;
			try {
				line = measure(client);
			}
			catch (RuntimeException ex) {
				ex.printStackTrace();
				line = client + ",0,,,,,,," + String.valueOf(ex).replaceAll("[,\\r\\n]", " ");
			}
			System.out.println(line);
			lines.add(line);
		}
		Files.write(results.resolve(RESULT), lines, StandardCharsets.UTF_8);
		info.setProperty("invalidationSeconds",
				Long.toString(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)));
	}

	private static String measure(String client) {
		Histogram delays = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
		Histogram warmReads = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
		int stale = 0;
		int fresh = 0;
		String key = "invalidation:" + client;
		try (NearCaches.Side a = NearCaches.side(client); NearCaches.Side b = NearCaches.side(client)) {
			Item first = NearCaches.item(0);
			a.put(key, first);
			awaitValue(b, key, first);
			for (int i = 1; i <= WARMUP + UPDATES && stale < MAX_STALE; i++) {
				boolean recorded = i > WARMUP;
				// The read that saw the previous value may have kept no copy (it raced
				// with
				// that value's invalidation): a few more reads make B's copy warm again.
				for (int r = 0; r < WARM_READS; r++) {
					b.get(key);
				}
				long read = System.nanoTime();
				b.get(key);
				long readNanos = System.nanoTime() - read;
				Item next = NearCaches.item(i);
				a.put(key, next);
				long written = System.nanoTime();
				boolean firstRead = true;
				boolean seen = false;
				long now = written;
				while (now - written < TIMEOUT_NANOS) {
					if (next.equals(b.get(key))) {
						seen = true;
						now = System.nanoTime();
						break;
					}
					firstRead = false;
					Thread.yield();
					now = System.nanoTime();
				}
				if (!seen) {
					stale++;
					awaitValue(b, key, next);
					continue;
				}
				if (recorded) {
					delays.recordValue(now - written);
					warmReads.recordValue(readNanos);
					if (firstRead) {
						fresh++;
					}
				}
			}
		}
		return String.join(",", client, Long.toString(delays.getTotalCount()), micros(delays.getValueAtPercentile(50)),
				micros(delays.getValueAtPercentile(99)), micros(delays.getMaxValue()), Integer.toString(stale),
				Integer.toString(fresh), micros(warmReads.getValueAtPercentile(50)), "");
	}

	/** Waits (up to 30 s) until B reads {@code expected}. */
	private static void awaitValue(NearCaches.Side b, String key, Item expected) {
		long start = System.nanoTime();
		while (!expected.equals(b.get(key))) {
			if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(30)) {
				throw new IllegalStateException("B never read " + expected + " under " + key);
			}
			Thread.yield();
		}
	}

	private static String micros(long nanos) {
		return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
	}

}
