package com.earnbase.redis;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import com.earnbase.redis.cache.RedisCache;
import com.earnbase.redis.cache.RedisCacheOptions;
import com.earnbase.redis.lock.LockHandle;
import com.earnbase.redis.lock.LockOptions;
import com.earnbase.redis.lock.RedisLockService;
import com.earnbase.redis.pubsub.RedisPubSubService;
import com.earnbase.redis.ratelimit.RateLimitAlgorithm;
import com.earnbase.redis.ratelimit.RateLimitFailurePolicy;
import com.earnbase.redis.ratelimit.RedisRateLimiter;
import com.earnbase.redis.session.RedisSessionStore;
import com.earnbase.redis.testsupport.FaultProxy;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No thread or connection leak from the primitives: 50 cycles, each creating a client
 * (through a {@link FaultProxy}) and all five primitives, using them, cutting and
 * blackholing the network, recovering and closing everything, leave the JVM's thread
 * count and the server's {@code CLIENT LIST} at their level after one warm-up cycle. Zero
 * tolerance: the warm-up starts what lives for the JVM (the admin client that reads
 * {@code CLIENT LIST}, the proxy's selector), nothing else runs in this JVM meanwhile,
 * and threads that end late (event loops shutting down, the process reaper) are waited
 * for. The used heap after full collections may grow by at most {@link #MAX_HEAP_GROWTH}
 * over the 50 cycles (measured: within 0.2 MiB either way; one closed client kept per
 * cycle adds about 5.7 MiB).
 */
class PrimitivesLeakIntegrationTests {

	/**
	 * How much the used heap after GC may grow over the 50 cycles (41 KiB a cycle): room
	 * for the JVM's own noise, a third of what one closed client kept per cycle holds.
	 */
	private static final long MAX_HEAP_GROWTH = 2 * 1024 * 1024;

	private RedisServerProcess server;

	private FaultProxy proxy;

	private int retriedCycles;

	@BeforeEach
	void start() {
		this.server = RedisTestServer.dedicated();
		this.proxy = FaultProxy.to(this.server);
	}

	@AfterEach
	void stop() {
		this.proxy.close();
		this.server.close();
	}

	@Test
	void threadsAndConnectionsReturnToTheirStartingLevelAfterFiftyFaultCycles() throws Exception {
		cycleRetried(0);
		// Counted first: its admin client's threads live for the JVM and must be in the
		// starting level. Each count opens a connection on the next of the admin client's
		// event loops, whose threads start on first use: a few counts start them all.
		for (int i = 0; i < 3; i++) {
			serverConnections();
		}
		long connectionsBefore = serverConnections();
		awaitSettled();
		int threadsBefore = threadCount();
		long heapBefore = usedHeapAfterGc();
		for (int i = 1; i <= 50; i++) {
			cycleRetried(i);
		}
		RedisServerProcess.awaitUntil("server connections back to " + connectionsBefore, Duration.ofSeconds(10),
				() -> serverConnections() <= connectionsBefore);
		try {
			RedisServerProcess.awaitUntil("JVM threads back to " + threadsBefore, Duration.ofSeconds(15),
					() -> threadCount() <= threadsBefore);
		}
		catch (IllegalStateException ex) {
			throw new AssertionError(ex.getMessage() + "; threads now: " + threadNames(), ex);
		}
		long heapAfter = usedHeapAfterGc();
		System.out.println("measured: after 50 primitive fault cycles threads " + threadsBefore + " -> " + threadCount()
				+ ", server connections " + connectionsBefore + " -> " + serverConnections() + ", used heap after GC "
				+ kib(heapBefore) + " -> " + kib(heapAfter) + " KiB, cycles run again after a timeout: "
				+ this.retriedCycles);
		assertThat(heapAfter - heapBefore)
			.as("used heap after GC grew from %d KiB to %d KiB over 50 cycles; at most %d KiB is allowed (%d KiB a "
					+ "cycle), far below what one client, cache or service kept per cycle would hold", kib(heapBefore),
					kib(heapAfter), kib(MAX_HEAP_GROWTH), kib(MAX_HEAP_GROWTH) / 50)
			.isLessThanOrEqualTo(MAX_HEAP_GROWTH);
	}

	/**
	 * Runs a cycle, again when a call that should have succeeded timed out (the short
	 * timeout is tight on a loaded machine): the failed cycle closed what it opened, and
	 * must not leak either.
	 */
	private void cycleRetried(int i) throws InterruptedException {
		for (int attempt = 1;; attempt++) {
			try {
				cycle(i);
				return;
			}
			catch (EarnbaseRedisException ex) {
				this.proxy.restore();
				if (attempt == 3) {
					throw ex;
				}
				this.retriedCycles++;
			}
		}
	}

	/** Connect, use every primitive, cut and blackhole, recover, close. */
	private void cycle(int i) throws InterruptedException {
		LettuceRedisClient client = (LettuceRedisClient) RedisClient.builder()
			.url(this.proxy.url())
			.prefix("leak")
			// Short, to keep 50 cycles fast; not shorter, or the connection handshake
			// (bound by it) fails under load.
			.timeout(Duration.ofMillis(250))
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		try (RedisLockService locks = new RedisLockService(client,
				LockOptions.defaults().withLeaseTime(Duration.ofSeconds(1)));
				RedisPubSubService pubsub = new RedisPubSubService(client);
				RedisCache cache = new RedisCache(client, RedisCacheOptions.defaults())) {
			RedisSessionStore sessions = new RedisSessionStore(client);
			RedisRateLimiter limiter = new RedisRateLimiter(client, "rl", RateLimitAlgorithm.SLIDING_WINDOW,
					RateLimitFailurePolicy.DENY);
			BlockingQueue<String> received = new LinkedBlockingQueue<>();
			pubsub.subscribe("c", String.class, received::add);
			assertThat(cache.getOrSet("k" + i, String.class, () -> "v")).isEqualTo("v");
			String session = sessions.create(Map.of("cycle", i));
			assertThat(limiter.isAllowed("k", 1000, Duration.ofMinutes(1))).isTrue();
			LockHandle lock = locks.acquire("l", Duration.ofSeconds(2));
			pubsub.publish("c", "m" + i);

			this.proxy.cutConnections();
			this.proxy.blackhole();
			// One call fails per cycle (each waits the command timeout); the others'
			// failure paths have own tests.
			assertThatThrownBy(() -> sessions.find(session)).isInstanceOf(EarnbaseRedisException.class);
			this.proxy.restore();

			RedisServerProcess.awaitUntil("recovery", Duration.ofSeconds(5), () -> sessions.find(session).isPresent());
			lock.release();
			assertThat(limiter.isAllowed("k", 1000, Duration.ofMinutes(1))).isTrue();
		}
		finally {
			client.close();
		}
	}

	/**
	 * Used heap after full collections: the least of three readings, each after
	 * {@code System.gc()}.
	 */
	private static long usedHeapAfterGc() throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long least = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			memory.gc();
			Thread.sleep(100);
			least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
		}
		return least;
	}

	private static long kib(long bytes) {
		return bytes / 1024;
	}

	private static void awaitSettled() throws InterruptedException {
		int previous = -1;
		for (int i = 0; i < 20 && threadCount() != previous; i++) {
			previous = threadCount();
			Thread.sleep(250);
		}
	}

	private static String threadNames() {
		return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList().toString();
	}

	private static int threadCount() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	private long serverConnections() {
		return this.server.<String>call((redis) -> redis.clientList()).lines().filter((l) -> !l.isBlank()).count();
	}

}
