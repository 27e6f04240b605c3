package com.earnbase.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;

import com.earnbase.redis.lock.LockHandle;
import com.earnbase.redis.lock.RedisLockService;
import com.earnbase.redis.ratelimit.RateLimitAlgorithm;
import com.earnbase.redis.ratelimit.RateLimitPolicy;
import com.earnbase.redis.ratelimit.RedisRateLimiter;
import com.earnbase.redis.session.RedisSessionStore;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one session, rate-limited key and lock costs in Redis memory, for the README's
 * "Sizing Redis" table, measured on a {@code redis-server} of the test's own (from the
 * PATH, persistence off, default encodings). For each item: the keys it creates and the
 * sum of their {@code MEMORY USAGE ... SAMPLES 0} (the value, the key and its key-space
 * entry), and the growth of {@code used_memory} per item over many such items (which adds
 * the expiry entry, the key space's hash table and the allocator's rounding). Prints the
 * table to the test's output and checks the bounds the README states: the sliding window
 * counter does not grow with the limit, the sliding log grows linearly with it.
 */
@Tag("slow")
class MemoryPerKeyIntegrationTests {

	private static final Duration LONG = Duration.ofHours(1);

	private static final Map<String, Object> SMALL_SESSION = Map.of("user", "ada", "cart", List.of(1, 2));

	private static final Map<String, Object> KIB_SESSION = Map.of("user", "ada", "notes", "x".repeat(1000));

	private static RedisServerProcess server;

	private static StatefulRedisConnection<String, String> connection;

	private static RedisCommands<String, String> raw;

	@BeforeAll
	static void start() {
		server = RedisTestServer.dedicated();
		connection = server.connect();
		raw = connection.sync();
	}

	@AfterAll
	static void stop() {
		connection.close();
		server.close();
	}

	@Test
	void memoryPerSessionRateLimitedKeyAndLock() throws Exception {
		List<Row> rows = new ArrayList<>();
		rows.add(measure("session", "small data (`{\"user\":\"ada\",\"cart\":[1,2]}`)", 5000, (client) -> {
			RedisSessionStore sessions = new RedisSessionStore(client);
			return (i) -> sessions.create(SMALL_SESSION);
		}));
		rows.add(measure("session", "1 KiB of data", 5000, (client) -> {
			RedisSessionStore sessions = new RedisSessionStore(client);
			return (i) -> sessions.create(KIB_SESSION);
		}));
		rows.add(
				measure("session", "small data, with an owner (its index holding this one session)", 5000, (client) -> {
					RedisSessionStore sessions = new RedisSessionStore(client);
					return (i) -> sessions.create("user-" + i, SMALL_SESSION);
				}));
		for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
			for (int limit : new int[] { 10, 100, 1000 }) {
				// A key whose window is full. The log holds one entry per admitted call:
				// its worst case is limit calls of one permit. The other states hold the
				// same numbers after one call of limit permits.
				boolean log = algorithm == RateLimitAlgorithm.SLIDING_WINDOW;
				int calls = log ? limit : 1;
				int permits = log ? 1 : limit;
				RateLimitPolicy policy = RateLimitPolicy.of(algorithm, limit, LONG);
				rows.add(measure("rate limit: " + algorithm.propertyName(), "limit " + limit + ", all used",
						log ? 50_000 / limit : 5000, (client) -> {
							RedisRateLimiter limiter = new RedisRateLimiter(client);
							return (i) -> {
								for (int call = 0; call < calls; call++) {
									assertThat(limiter.tryAcquire("user:" + i, permits, policy).allowed()).isTrue();
								}
							};
						}));
			}
		}
		try (LettuceRedisClient client = RedisClient.builder().url(server.url()).prefix("mem").build();
				RedisLockService locks = new RedisLockService(client)) {
			rows.add(measure("lock", "held (lock key and fencing token counter)", 5000,
					(unused) -> (i) -> assertThat(locks.tryAcquire("job:" + i, LONG)).isPresent()));
			rows.add(measure("lock", "released (the fencing token counter stays)", 5000,
					(unused) -> (i) -> locks.tryAcquire("job:" + i, LONG).ifPresent(LockHandle::release)));
		}
		print(rows);

		for (String algorithm : List.of("fixed-window", "token-bucket", "sliding-window-counter")) {
			// one key of constant size, whatever the limit
			assertThat(rows).filteredOn((row) -> row.primitive().endsWith(algorithm))
				.hasSize(3)
				.allSatisfy((row) -> assertThat(row.keys()).isEqualTo(1))
				.allSatisfy((row) -> assertThat(row.memoryUsage()).isLessThanOrEqualTo(160)
					.isGreaterThanOrEqualTo(row(rows, algorithm, 10).memoryUsage() - 16)
					.isLessThanOrEqualTo(row(rows, algorithm, 10).memoryUsage() + 16));
		}
		// the log: one entry per admitted call, at least 8 bytes each and at most 200
		for (int limit : new int[] { 10, 100, 1000 }) {
			assertThat(row(rows, "sliding-window", limit).memoryUsage()).isBetween(8L * limit, 200L + 200L * limit);
		}
		assertThat(row(rows, "sliding-window", 1000).memoryUsage())
			.isGreaterThan(5 * row(rows, "sliding-window", 100).memoryUsage());
		assertThat(rows).filteredOn((row) -> row.primitive().equals("session"))
			.allSatisfy((row) -> assertThat(row.memoryUsage()).isLessThan(2048));
		assertThat(rows).filteredOn((row) -> row.primitive().equals("lock"))
			.allSatisfy((row) -> assertThat(row.memoryUsage()).isLessThan(400));
		// used_memory per item: MEMORY USAGE plus the expiry entry, the hash table and
		// rounding, never far more
		assertThat(rows).allSatisfy((row) -> assertThat(row.usedMemoryPerItem()).isBetween(row.memoryUsage() / 2,
				2 * row.memoryUsage() + 200));
	}

	private static Row row(List<Row> rows, String algorithm, int limit) {
		return rows.stream()
			.filter((row) -> row.primitive().equals("rate limit: " + algorithm)
					&& row.item().startsWith("limit " + limit + ","))
			.findFirst()
			.orElseThrow();
	}

	/**
	 * Creates one item and sums the memory of its keys, then {@code items} more and
	 * divides the growth of {@code used_memory} by their number.
	 */
	private static Row measure(String primitive, String item, int items,
			Function<LettuceRedisClient, IntConsumer> creator) throws Exception {
		raw.flushall();
		String prefix = "mem";
		try (LettuceRedisClient client = RedisClient.builder().url(server.url()).prefix(prefix).build()) {
			IntConsumer create = creator.apply(client);
			// the first item also loads the scripts, so that they are not counted below
			create.accept(-1);
			List<String> keys = new ArrayList<>();
			ScanIterator.scan(raw, ScanArgs.Builder.matches(prefix + ":*")).forEachRemaining(keys::add);
			long memoryUsage = 0;
			for (String key : keys) {
				memoryUsage += memoryUsage(key);
			}
			long before = usedMemory();
			ExecutorService pool = Executors.newFixedThreadPool(4);
			try {
				List<Future<?>> done = new ArrayList<>();
				for (int i = 0; i < items; i++) {
					int index = i;
					done.add(pool.submit(() -> create.accept(index)));
				}
				for (Future<?> future : done) {
					future.get(2, TimeUnit.MINUTES);
				}
			}
			finally {
				pool.shutdownNow();
			}
			long after = usedMemory();
			assertThat(raw.dbsize()).isEqualTo((long) (items + 1) * keys.size());
			return new Row(primitive, item, keys.size(), memoryUsage, (after - before) / items, items);
		}
	}

	private static long memoryUsage(String key) {
		// SAMPLES 0: every element of a sorted set counted, not an estimate from five
		return raw.dispatch(CommandType.MEMORY, new IntegerOutput<>(StringCodec.UTF8),
				new CommandArgs<>(StringCodec.UTF8).add("USAGE").addKey(key).add("SAMPLES").add(0));
	}

	private static long usedMemory() {
		return Long.parseLong(infoField("memory", "used_memory"));
	}

	private static String infoField(String section, String field) {
		return raw.info(section)
			.lines()
			.filter((line) -> line.startsWith(field + ":"))
			.map((line) -> line.substring(field.length() + 1).trim())
			.findFirst()
			.orElseThrow();
	}

	private static void print(List<Row> rows) {
		StringBuilder table = new StringBuilder();
		table.append("Redis ")
			.append(infoField("server", "redis_version"))
			.append(", ")
			.append(infoField("memory", "mem_allocator"))
			.append(", default encodings\n\n");
		table.append(
				"| Primitive | Item | Keys | MEMORY USAGE (bytes) | used_memory per item (bytes, over n items) |\n");
		table.append("|---|---|---:|---:|---:|\n");
		for (Row row : rows) {
			table.append(String.format("| %s | %s | %d | %,d | %,d (n = %,d) |%n", row.primitive(), row.item(),
					row.keys(), row.memoryUsage(), row.usedMemoryPerItem(), row.items()));
		}
		System.out.println(table);
	}

	/** One line of the table. */
	private record Row(String primitive, String item, int keys, long memoryUsage, long usedMemoryPerItem, int items) {

	}

}
