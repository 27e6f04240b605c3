package com.earnbase.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import com.earnbase.redis.cache.CacheFailurePolicy;
import com.earnbase.redis.cache.RedisCache;
import com.earnbase.redis.cache.RedisCacheOptions;
import com.earnbase.redis.lock.LockHandle;
import com.earnbase.redis.lock.LockOptions;
import com.earnbase.redis.lock.RedisLockService;
import com.earnbase.redis.pubsub.RedisPubSubService;
import com.earnbase.redis.ratelimit.RateLimitAlgorithm;
import com.earnbase.redis.ratelimit.RateLimitDecision;
import com.earnbase.redis.ratelimit.RateLimitFailurePolicy;
import com.earnbase.redis.ratelimit.RateLimitPolicy;
import com.earnbase.redis.ratelimit.RedisRateLimiter;
import com.earnbase.redis.session.RedisSessionStore;
import com.earnbase.redis.session.SessionNotFoundException;
import com.earnbase.redis.support.Failures;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak: 32 threads mix every primitive against one dedicated {@code redis-server} that is
 * stopped and restarted (same port, persistence off) twice in the middle of the run.
 * Short by default (20 s, part of {@code verify}); {@code -Dearnbase.soak.seconds=300}
 * for a long run. Afterwards: every cache write and session update acknowledged after the
 * last restart is readable (earlier ones are legitimately lost with the restart), no two
 * lock holders overlapped and the non-atomic counter per lock equals the critical
 * sections run, no fixed window admitted more than its limit (a window cut by a restart
 * starts over, so it may admit twice its limit in all), every failed call overlapped an
 * outage window, and pub/sub delivers after the last restart. Latency percentiles go to
 * stdout.
 */
@Tag("soak")
class SoakIntegrationTests {

	private static final int THREADS = 32;

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private static final Duration OUTAGE = Duration.ofSeconds(1);

	/**
	 * After an outage ends, how long calls may still fail: a call sent just before the
	 * end may time out (timeout), and the client's reconnect back-off may need a moment
	 * (measured well under 1 s on loopback).
	 */
	private static final Duration GRACE = TIMEOUT.plusSeconds(2);

	private static final int LOCKS = 4;

	private static final int LIMIT_KEYS = 4;

	private static final RateLimitPolicy LIMIT = RateLimitPolicy.of(RateLimitAlgorithm.FIXED_WINDOW, 25,
			Duration.ofSeconds(1));

	private static final int MAX_ITERATIONS_PER_THREAD = 2_000_000;

	/** The outages: {stop began, restart done} by {@link System#nanoTime()}. */
	private final List<long[]> outages = Collections.synchronizedList(new ArrayList<>());

	private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());

	@Test
	void everyPrimitiveKeepsItsGuaranteesThroughTwoRestarts() throws Exception {
		long seconds = Long.getLong("earnbase.soak.seconds", 20);
		assertThat(seconds).as("earnbase.soak.seconds").isGreaterThanOrEqualTo(9);
		Duration duration = Duration.ofSeconds(seconds);
		RedisServerProcess server = RedisTestServer.dedicated();
		LettuceRedisClient client = (LettuceRedisClient) RedisClient.builder()
			.url(server.url())
			.prefix("soak")
			.timeout(TIMEOUT)
			.build();
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try (RedisLockService locks = new RedisLockService(client, LockOptions.defaults());
				RedisPubSubService pubsub = new RedisPubSubService(client)) {
			RedisCache cache = new RedisCache(client,
					RedisCacheOptions.defaults().withOnFailure(CacheFailurePolicy.FAIL));
			RedisSessionStore sessions = new RedisSessionStore(client);
			RedisRateLimiter limiter = new RedisRateLimiter(client, "rl", RateLimitAlgorithm.FIXED_WINDOW,
					RateLimitFailurePolicy.DENY);
			Map<String, Long> received = new ConcurrentHashMap<>();
			pubsub.subscribe("events", String.class, (message) -> received.put(message, System.nanoTime()));

			Shared shared = new Shared();
			long start = System.nanoTime();
			long end = start + duration.toNanos();
			CountDownLatch ready = new CountDownLatch(THREADS);
			List<Future<Worker>> workers = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				Worker worker = new Worker(t, cache, sessions, limiter, locks, pubsub, shared, end);
				workers.add(pool.submit(() -> {
					ready.countDown();
					worker.run();
					return worker;
				}));
			}
			ready.await(10, TimeUnit.SECONDS);
			for (int outage = 1; outage <= 2; outage++) {
				sleepUntil(start + duration.toNanos() * outage / 3);
				// Recorded before the stop, open-ended until the restart is done, so
				// workers see it as it happens.
				long[] window = { System.nanoTime(), Long.MAX_VALUE };
				this.outages.add(window);
				server.stop();
				Thread.sleep(OUTAGE.toMillis());
				server.restart();
				window[1] = System.nanoTime();
			}
			List<Worker> done = new ArrayList<>();
			for (Future<Worker> worker : workers) {
				done.add(worker.get(duration.toSeconds() + 30, TimeUnit.SECONDS));
			}
			long lastRestart = this.outages.get(1)[1];

			// Every failed call overlapped an outage (extended by the grace time).
			for (Failure failure : this.failures) {
				boolean inOutage = this.outages.stream()
					.anyMatch((o) -> failure.endNanos >= o[0] && failure.startNanos <= o[1] + GRACE.toNanos());
				assertThat(inOutage).as("failure outside the outages: %s", failure).isTrue();
			}
			// Cache writes and session updates acknowledged after the last restart, with
			// no later failed attempt.
			int cacheChecked = 0;
			int sessionChecked = 0;
			for (Worker worker : done) {
				for (Map.Entry<String, Ack> put : worker.puts.entrySet()) {
					if (put.getValue().ackNanos > lastRestart && put.getValue().certain) {
						assertThat(cache.get(put.getKey(), String.class)).as("cache key " + put.getKey())
							.contains(put.getValue().value);
						cacheChecked++;
					}
				}
				Ack update = worker.lastUpdate;
				if (update != null && update.ackNanos > lastRestart && update.certain) {
					assertThat(sessions.get(worker.sessionId)).containsEntry("n", Integer.valueOf(update.value));
					sessionChecked++;
				}
				assertThat(worker.sessionLostOutsideOutage).as("session lost without a restart").isZero();
			}
			assertThat(cacheChecked).as("cache writes checked").isPositive();
			assertThat(sessionChecked).as("session updates checked").isPositive();
			// Locks: mutual exclusion.
			assertThat(shared.overlaps.get()).as("overlapping lock holders").isZero();
			for (int k = 0; k < LOCKS; k++) {
				assertThat(shared.counters.get(k)).as("counter of lock " + k).isEqualTo(shared.sections[k].get());
			}
			// Rate limits: at most the limit per window.
			int windows = checkRateLimitWindows(done);
			// Pub/sub: what was published (and acknowledged) after the last restart
			// arrived.
			List<String> publishedLate = new ArrayList<>();
			for (Worker worker : done) {
				worker.published.forEach((message, ackNanos) -> {
					if (ackNanos > lastRestart + GRACE.toNanos()) {
						publishedLate.add(message);
					}
				});
			}
			RedisServerProcess.awaitUntil("late messages delivered", Duration.ofSeconds(5),
					() -> received.keySet().containsAll(publishedLate));
			assertThat(publishedLate).as("messages published after the last restart").isNotEmpty();

			long operations = done.stream().mapToLong((w) -> w.operations).sum();
			System.out.printf("soak: %d s, %d threads, %d operations, %d failures (all in outages), outages %s%n",
					seconds, THREADS, operations, this.failures.size(), describeOutages(start));
			System.out.printf(
					"soak: checked %d cache writes, %d session updates, %d lock sections, %d rate-limit "
							+ "windows, %d late messages%n",
					cacheChecked, sessionChecked, Arrays.stream(shared.sections).mapToLong(AtomicLong::get).sum(),
					windows, publishedLate.size());
			printLatencies(done);
		}
		finally {
			pool.shutdownNow();
			pool.awaitTermination(10, TimeUnit.SECONDS);
			client.close();
			server.close();
		}
	}

	/**
	 * Groups the allowed decisions of each key by window (same estimated end) and checks
	 * each group's size.
	 */
	private int checkRateLimitWindows(List<Worker> done) {
		long windowNanos = LIMIT.window().toNanos();
		int windows = 0;
		for (int k = 0; k < LIMIT_KEYS; k++) {
			List<Long> ends = new ArrayList<>();
			for (Worker worker : done) {
				ends.addAll(worker.allowedWindowEnds.getOrDefault(k, List.of()));
			}
			Collections.sort(ends);
			int i = 0;
			while (i < ends.size()) {
				long first = ends.get(i);
				int j = i;
				// One window's decisions estimate its end within their latency; the next
				// window ends >= W later.
				while (j < ends.size() && ends.get(j) - first < windowNanos / 2) {
					j++;
				}
				long windowEnd = ends.get(j - 1);
				boolean cutByRestart = this.outages.stream()
					.anyMatch((o) -> o[1] >= windowEnd - windowNanos - GRACE.toNanos() && o[0] <= windowEnd);
				int allowed = j - i;
				assertThat(allowed).as("allowed in one window of key %d", k)
					.isLessThanOrEqualTo(cutByRestart ? 2 * LIMIT.limit() : LIMIT.limit());
				windows++;
				i = j;
			}
		}
		return windows;
	}

	private String describeOutages(long start) {
		List<String> parts = new ArrayList<>();
		for (long[] outage : this.outages) {
			parts.add(String.format("%.1f-%.1f s", (outage[0] - start) / 1e9, (outage[1] - start) / 1e9));
		}
		return parts.toString();
	}

	private void printLatencies(List<Worker> done) {
		Map<String, List<Long>> all = new TreeMap<>();
		for (Worker worker : done) {
			worker.latencies.forEach((op, list) -> all.computeIfAbsent(op, (k) -> new ArrayList<>()).addAll(list));
		}
		all.forEach((op, list) -> {
			Collections.sort(list);
			System.out.printf("soak latency %-16s n=%7d p50=%7.2f ms p99=%7.2f ms max=%8.2f ms%n", op, list.size(),
					percentile(list, 0.50), percentile(list, 0.99), list.get(list.size() - 1) / 1e6);
		});
	}

	private static double percentile(List<Long> sorted, double p) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size()))) / 1e6;
	}

	private static void sleepUntil(long nanoTime) throws InterruptedException {
		long wait = nanoTime - System.nanoTime();
		if (wait > 0) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
	}

	/** State shared by every worker: the locks' counters and the overlap detector. */
	private static final class Shared {

		final AtomicInteger[] inside = new AtomicInteger[LOCKS];

		/**
		 * Incremented without atomicity (get, then set) inside the critical section: a
		 * lost update shows a broken lock.
		 */
		final AtomicLongArray counters = new AtomicLongArray(LOCKS);

		final AtomicLong[] sections = new AtomicLong[LOCKS];

		final AtomicInteger overlaps = new AtomicInteger();

		Shared() {
			for (int k = 0; k < LOCKS; k++) {
				this.inside[k] = new AtomicInteger();
				this.sections[k] = new AtomicLong();
			}
		}

	}

	/**
	 * An acknowledged write; {@code certain} turns false when a later write of the same
	 * thing failed.
	 */
	private static final class Ack {

		final String value;

		final long ackNanos;

		volatile boolean certain = true;

		Ack(String value, long ackNanos) {
			this.value = value;
			this.ackNanos = ackNanos;
		}

	}

	private record Failure(String operation, long startNanos, long endNanos, String error) {
	}

	/**
	 * One of the 32 threads: runs a random mix of operations until the end time (or the
	 * iteration cap).
	 */
	private final class Worker {

		private final int id;

		private final RedisCache cache;

		private final RedisSessionStore sessions;

		private final RedisRateLimiter limiter;

		private final RedisLockService locks;

		private final RedisPubSubService pubsub;

		private final Shared shared;

		private final long end;

		final Map<String, Ack> puts = new HashMap<>();

		final Map<String, Long> published = new HashMap<>();

		final Map<Integer, List<Long>> allowedWindowEnds = new HashMap<>();

		final Map<String, List<Long>> latencies = new HashMap<>();

		String sessionId;

		long sessionCreatedNanos;

		Ack lastUpdate;

		int sessionLostOutsideOutage;

		long operations;

		Worker(int id, RedisCache cache, RedisSessionStore sessions, RedisRateLimiter limiter, RedisLockService locks,
				RedisPubSubService pubsub, Shared shared, long end) {
			this.id = id;
			this.cache = cache;
			this.sessions = sessions;
			this.limiter = limiter;
			this.locks = locks;
			this.pubsub = pubsub;
			this.shared = shared;
			this.end = end;
		}

		void run() {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			for (int i = 0; i < MAX_ITERATIONS_PER_THREAD && System.nanoTime() < this.end; i++) {
				int choice = random.nextInt(7);
				String op = switch (choice) {
					case 0 -> "cache.getOrSet";
					case 1 -> "cache.put";
					case 2 -> "session.update";
					case 3 -> "session.get";
					case 4 -> "ratelimit";
					case 5 -> "lock";
					default -> "publish";
				};
				long start = System.nanoTime();
				try {
					switch (choice) {
						case 0 -> getOrSet(random);
						case 1 -> put(random, i);
						case 2 -> updateSession(i);
						case 3 -> readSession();
						case 4 -> rateLimit(random);
						case 5 -> lock(random);
						default -> publish(i);
					}
					this.latencies.computeIfAbsent(op, (k) -> new ArrayList<>()).add(System.nanoTime() - start);
				}
				catch (RuntimeException ex) {
					SoakIntegrationTests.this.failures
						.add(new Failure(op, start, System.nanoTime(), ex.getClass().getSimpleName()));
					pauseAfterFailure();
				}
				this.operations++;
			}
		}

		private void getOrSet(ThreadLocalRandom random) {
			String key = "g" + random.nextInt(100);
			String value = this.cache.getOrSet(key, String.class, () -> "computed-" + key);
			assertThat(value).isEqualTo("computed-" + key);
		}

		private void put(ThreadLocalRandom random, int i) {
			String key = "p" + this.id + "-" + random.nextInt(20);
			String value = "v" + i;
			Ack previous = this.puts.get(key);
			try {
				this.cache.put(key, value, Duration.ofMinutes(5));
			}
			catch (RuntimeException ex) {
				// It may or may not have been stored: the last acknowledged value is no
				// longer what must be read.
				if (previous != null) {
					previous.certain = false;
				}
				throw ex;
			}
			this.puts.put(key, new Ack(value, System.nanoTime()));
		}

		private void updateSession(int i) {
			if (this.sessionId == null) {
				long start = System.nanoTime();
				this.sessionId = this.sessions.create(Map.of("n", -1));
				this.sessionCreatedNanos = start;
				this.lastUpdate = null;
			}
			try {
				this.sessions.update(this.sessionId, Map.of("n", i));
			}
			catch (SessionNotFoundException ex) {
				sessionGone();
				return;
			}
			catch (RuntimeException ex) {
				if (this.lastUpdate != null) {
					this.lastUpdate.certain = false;
				}
				throw ex;
			}
			this.lastUpdate = new Ack(Integer.toString(i), System.nanoTime());
		}

		private void readSession() {
			if (this.sessionId == null) {
				return;
			}
			Optional<Map<String, Object>> data = this.sessions.find(this.sessionId);
			if (data.isEmpty()) {
				sessionGone();
			}
		}

		/** A session vanishes only with a restart; then a new one is created. */
		private void sessionGone() {
			long created = this.sessionCreatedNanos;
			long now = System.nanoTime();
			boolean restartedSince;
			synchronized (SoakIntegrationTests.this.outages) {
				restartedSince = SoakIntegrationTests.this.outages.stream()
					.anyMatch((o) -> o[1] >= created && o[0] <= now);
			}
			if (!restartedSince) {
				this.sessionLostOutsideOutage++;
			}
			this.sessionId = null;
		}

		private void rateLimit(ThreadLocalRandom random) {
			int key = random.nextInt(LIMIT_KEYS);
			RateLimitDecision decision = this.limiter.tryAcquire("k" + key, 1, LIMIT);
			// Failures are denied (DENY), so every admission was counted by Redis in the
			// window ending then.
			if (decision.allowed()) {
				this.allowedWindowEnds.computeIfAbsent(key, (k) -> new ArrayList<>())
					.add(System.nanoTime() + decision.resetAfter().toNanos());
			}
		}

		private void lock(ThreadLocalRandom random) {
			int k = random.nextInt(LOCKS);
			Optional<LockHandle> handle = this.locks.tryAcquire("l" + k, Duration.ofSeconds(5));
			if (handle.isEmpty()) {
				return;
			}
			try {
				if (this.shared.inside[k].incrementAndGet() != 1) {
					this.shared.overlaps.incrementAndGet();
				}
				long value = this.shared.counters.get(k);
				Thread.onSpinWait();
				this.shared.counters.set(k, value + 1);
				this.shared.sections[k].incrementAndGet();
				this.shared.inside[k].decrementAndGet();
			}
			finally {
				handle.get().release();
			}
		}

		private void publish(int i) {
			String message = this.id + "-" + i;
			this.pubsub.publish("events", message);
			this.published.put(message, System.nanoTime());
		}

		private void pauseAfterFailure() {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
