package com.earnbase.redis.lock;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.earnbase.redis.EarnbaseRedisException;
import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.testsupport.FaultProxy;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Locks under network faults, on a dedicated {@code redis-server}: holder A talks to
 * Redis through a {@link FaultProxy}, contender B directly. A holder cut off from Redis
 * is told it lost its lease by the time the lease can have ended, a later holder gets a
 * strictly greater fencing token, and a resource that checks tokens rejects the first
 * holder's write; an acquire whose reply is lost is neither reported as failed while
 * holding the lock nor left behind.
 */
class LockFaultIntegrationTests {

	private static final Duration LEASE = Duration.ofSeconds(1);

	private RedisServerProcess server;

	private FaultProxy proxy;

	private LettuceRedisClient viaProxy;

	private LettuceRedisClient direct;

	@BeforeEach
	void start() {
		this.server = RedisTestServer.dedicated();
		this.proxy = FaultProxy.to(this.server);
		this.direct = client(this.server.url(), Duration.ofSeconds(2));
	}

	@AfterEach
	void stop() {
		if (this.viaProxy != null) {
			this.viaProxy.close();
		}
		this.direct.close();
		this.proxy.close();
		this.server.close();
	}

	@Test
	void holderCutOffFromRedisLosesItsLeaseAndItsStaleWritesAreRejected() throws Exception {
		this.viaProxy = client(this.proxy.url(), Duration.ofMillis(300));
		FencedResource resource = new FencedResource();
		try (RedisLockService serviceA = new RedisLockService(this.viaProxy,
				LockOptions.defaults().withLeaseTime(LEASE));
				RedisLockService serviceB = new RedisLockService(this.direct,
						LockOptions.defaults().withLeaseTime(LEASE))) {
			LockHandle a = serviceA.acquire("job", Duration.ofSeconds(2));
			CountDownLatch lost = new CountDownLatch(1);
			AtomicLong lostAt = new AtomicLong();
			a.onLeaseLost(() -> {
				lostAt.set(System.nanoTime());
				lost.countDown();
			});
			assertThat(resource.write(a.fencingToken())).isTrue();
			// Renewals keep the lock across several leases while the network is fine.
			Thread.sleep(LEASE.toMillis() * 2);
			assertThat(a.isHeld()).isTrue();

			this.proxy.blackhole();
			LockHandle b = serviceB.acquire("job", Duration.ofSeconds(5));
			long bAcquiredAt = System.nanoTime();

			assertThat(lost.await(2, TimeUnit.SECONDS)).as("A told it lost its lease").isTrue();
			// A's watchdog declares the loss when the lease it last renewed ends by its
			// own clock, which starts
			// before Redis's: at most scheduling noise after B could take the lock,
			// usually before.
			long toldMillis = TimeUnit.NANOSECONDS.toMillis(lostAt.get() - bAcquiredAt);
			System.out.println("A told of the loss " + toldMillis + " ms after B acquired (negative: before)");
			assertThat(toldMillis).isLessThan(250);
			assertThat(a.isHeld()).as("A's isHeld() answers without reaching Redis").isFalse();
			assertThat(b.fencingToken()).isGreaterThan(a.fencingToken());
			assertThat(resource.write(b.fencingToken())).isTrue();
			assertThat(resource.write(a.fencingToken())).as("A's stale write").isFalse();

			this.proxy.restore();
			a.release();
			assertThat(b.isHeld()).as("A's late release leaves B's lock alone").isTrue();
			b.release();
		}
	}

	@Test
	void acquireWhoseReplyIsLostIsNeitherSeenAsFailedWhileHeldNorLeftBehind() throws Exception {
		// A timeout long enough for Lettuce to reconnect and replay the EVALSHA within
		// it.
		this.viaProxy = client(this.proxy.url(), Duration.ofSeconds(3));
		try (RedisLockService service = new RedisLockService(this.viaProxy,
				LockOptions.defaults().withLeaseTime(Duration.ofSeconds(30)))) {
			String lockKey = this.viaProxy.key("lock:{replayed}");
			// Loads the script, so the attempt below is one EVALSHA rather than NOSCRIPT
			// and an EVAL.
			service.tryAcquire("warm-up", Duration.ofSeconds(1)).orElseThrow().release();
			this.proxy.replyLatency(Duration.ofSeconds(20));
			CompletableFuture<Optional<LockHandle>> attempt = CompletableFuture
				.supplyAsync(() -> service.tryAcquire("replayed", Duration.ofSeconds(30)));
			// Redis ran the script: the lock is taken; only the reply is held back.
			RedisServerProcess.awaitUntil("the lock taken", Duration.ofSeconds(3),
					() -> this.server.call((redis) -> redis.exists(lockKey)) == 1L);
			this.proxy.cutConnections();

			Optional<LockHandle> outcome;
			try {
				outcome = attempt.get(10, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				assertThat(ex.getCause()).isInstanceOf(EarnbaseRedisException.class);
				outcome = null;
			}
			if (outcome != null && outcome.isPresent()) {
				LockHandle handle = outcome.get();
				assertThat(this.server.<String>call((redis) -> redis.get(lockKey))).isEqualTo(handle.id());
				assertThat(handle.isHeld()).isTrue();
				handle.release();
				assertThat(this.server.<Long>call((redis) -> redis.exists(lockKey))).isZero();
			}
			else {
				// Failed or "taken": then nobody may hold it; a leftover would block
				// everyone for the whole lease.
				RedisServerProcess.awaitUntil("the lost attempt cleaned up", Duration.ofSeconds(2),
						() -> this.server.call((redis) -> redis.exists(lockKey)) == 0L);
				if (outcome != null) {
					fail("tryAcquire answered 'taken' although nobody else holds the lock");
				}
			}
		}
	}

	private static LettuceRedisClient client(String url, Duration timeout) {
		return (LettuceRedisClient) RedisClient.builder().url(url).prefix("lf").timeout(timeout).build();
	}

	/**
	 * A resource that accepts a write only with a fencing token at least as high as any
	 * it has seen.
	 */
	private static final class FencedResource {

		private final AtomicLong highest = new AtomicLong();

		boolean write(long token) {
			long seen = this.highest.get();
			while (token >= seen) {
				if (this.highest.compareAndSet(seen, token)) {
					return true;
				}
				seen = this.highest.get();
			}
			return false;
		}

	}

}
