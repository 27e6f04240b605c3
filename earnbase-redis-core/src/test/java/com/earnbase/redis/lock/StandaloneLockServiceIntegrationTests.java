package com.earnbase.redis.lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.EarnbaseRedisException;
import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lock suite on a standalone Redis, plus what needs a single server: subscription
 * counts, and a restart of a dedicated server.
 */
class StandaloneLockServiceIntegrationTests extends AbstractLockServiceIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisTestServer.shared();
	}

	@Test
	void waitersOfOneLockShareOneSubscriptionWhileTheyWait() throws Exception {
		String key = key("shared-subscription");
		LockHandle holder = this.serviceA.acquire(key, Duration.ofSeconds(30), Duration.ZERO);
		ExecutorService pool = Executors.newFixedThreadPool(3);
		try {
			List<Future<Long>> waiters = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				waiters.add(pool.submit(() -> {
					try (LockHandle lock = this.serviceB.acquire(key, Duration.ofSeconds(10))) {
						return lock.fencingToken();
					}
				}));
			}
			awaitTrue(() -> subscribers(key) == 1, Duration.ofSeconds(3));
			Thread.sleep(200);
			assertThat(subscribers(key)).as("one subscription for three waiters").isEqualTo(1);
			holder.release();
			for (Future<Long> waiter : waiters) {
				assertThat(waiter.get(5, TimeUnit.SECONDS)).isGreaterThan(holder.fencingToken());
			}
			awaitTrue(() -> subscribers(key) == 0, Duration.ofSeconds(3));
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aTimedOutWaiterUnsubscribes() {
		String key = key("unsubscribe");
		this.serviceA.acquire(key, Duration.ofSeconds(30), Duration.ZERO);
		try {
			this.serviceB.acquire(key, Duration.ofMillis(200));
		}
		catch (LockTimeoutException expected) {
			awaitTrue(() -> subscribers(key) == 0, Duration.ofSeconds(3));
			return;
		}
		throw new AssertionError("acquired a held lock");
	}

	@Test
	void aRedisRestartNeitherHangsAWaiterNorHidesTheLostLease() throws Exception {
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try (RedisServerProcess server = RedisTestServer.dedicated();
				LettuceRedisClient holderClient = RedisClient.builder().url(server.url()).prefix(this.prefix).build();
				LettuceRedisClient waiterClient = RedisClient.builder().url(server.url()).prefix(this.prefix).build();
				RedisLockService holders = new RedisLockService(holderClient,
						LockOptions.defaults().withLeaseTime(Duration.ofMillis(600)));
				RedisLockService waiters = new RedisLockService(waiterClient, LockOptions.defaults())) {
			LockHandle holder = holders.acquire("restart", Duration.ofSeconds(1));
			CountDownLatch lost = new CountDownLatch(1);
			holder.onLeaseLost(lost::countDown);
			Future<LockHandle> waiter = pool.submit(() -> waiters.acquire("restart", Duration.ofSeconds(20)));
			Thread.sleep(300);

			// Without persistence the restart drops the lock and its fence counter, and
			// publishes no release.
			server.stop();
			server.restart();

			LockHandle next = waiter.get(15, TimeUnit.SECONDS);
			assertThat(lost.await(10, TimeUnit.SECONDS)).as("lease-lost listener called").isTrue();
			assertThat(holder.isHeld()).isFalse();
			assertThat(next.isHeld()).isTrue();
			assertThat(next.fencingToken()).as("tokens do not start over with the lost counter")
				.isGreaterThan(holder.fencingToken());
			next.release();
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void anUnreachableRedisFailsTheAcquireInsteadOfReportingATimeout() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (RedisServerProcess server = RedisTestServer.dedicated();
				LettuceRedisClient client = RedisClient.builder()
					.url(server.url())
					.prefix(this.prefix)
					.timeout(Duration.ofMillis(300))
					.meterRegistry(registry)
					.build();
				RedisLockService locks = new RedisLockService(client, LockOptions.defaults())) {
			server.stop();
			long start = System.nanoTime();
			assertThatThrownBy(() -> locks.acquire("unreachable", Duration.ofMillis(500)))
				.isInstanceOf(EarnbaseRedisException.class)
				.isNotInstanceOf(LockTimeoutException.class);
			// the wait (500 ms) plus at most one command timeout (300 ms), with room for
			// a loaded machine
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3000);
			assertThat(acquireTimer(registry, "error").count()).isEqualTo(1);
		}
	}

	@Test
	void aReleaseIsPublishedOnlyWhenSomeoneWaits() throws Exception {
		try (RedisServerProcess server = RedisTestServer.dedicated();
				LettuceRedisClient holderClient = RedisClient.builder().url(server.url()).prefix(this.prefix).build();
				LettuceRedisClient waiterClient = RedisClient.builder().url(server.url()).prefix(this.prefix).build();
				RedisLockService holders = new RedisLockService(holderClient);
				RedisLockService waiters = new RedisLockService(waiterClient)) {
			server.call((commands) -> commands.configResetstat());
			for (int i = 0; i < 20; i++) {
				holders.tryAcquire("quiet", Duration.ofSeconds(30)).orElseThrow().release();
				try (LockHandle held = holders.acquire("quiet", Duration.ofSeconds(1))) {
					// Tries that do not wait leave no mark, so they cost no PUBLISH
					// either.
					assertThat(waiters.tryAcquire("quiet", Duration.ofSeconds(30))).isEmpty();
				}
			}
			assertThat(publishCalls(server)).as("PUBLISH calls without a waiter").isZero();

			ExecutorService pool = Executors.newSingleThreadExecutor();
			try {
				LockHandle held = holders.acquire("quiet", Duration.ofSeconds(30), Duration.ZERO);
				Future<Long> waiter = pool.submit(() -> {
					try (LockHandle lock = waiters.acquire("quiet", Duration.ofSeconds(10))) {
						return lock.fencingToken();
					}
				});
				awaitTrue(() -> server.call((commands) -> commands.exists(this.prefix + ":lock:{quiet}:waiting")) == 1,
						Duration.ofSeconds(5));
				held.release();
				assertThat(waiter.get(5, TimeUnit.SECONDS)).isGreaterThan(held.fencingToken());
				assertThat(publishCalls(server)).as("PUBLISH calls with a waiter: the holder's release only")
					.isEqualTo(1);
			}
			finally {
				pool.shutdownNow();
			}
		}
	}

	private static long publishCalls(RedisServerProcess server) {
		String stats = server.call((commands) -> commands.info("commandstats"));
		return stats.lines()
			.filter((line) -> line.startsWith("cmdstat_publish:"))
			.map((line) -> Long.parseLong(line.replaceAll("^cmdstat_publish:calls=(\\d+),.*$", "$1")))
			.findFirst()
			.orElse(0L);
	}

	private long subscribers(String key) {
		Map<String, Long> counts = topology().raw().pubsubNumsub(channel(key));
		return counts.getOrDefault(channel(key), 0L);
	}

}
