package com.earnbase.redis.lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lock suite on a standalone Redis, plus what only a single server can observe (subscription counts). */
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

	private long subscribers(String key) {
		Map<String, Long> counts = topology().raw().pubsubNumsub(channel(key));
		return counts.getOrDefault(channel(key), 0L);
	}

}
