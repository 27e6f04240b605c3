package com.earnbase.redis.lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.testsupport.RedisTopology;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link LockService} contract against a real Redis, run once per topology by the
 * subclasses. Two independent clients (own connections, same prefix) stand for two
 * application instances.
 */
abstract class AbstractLockServiceIntegrationTests {

	/**
	 * Short leases so that the watchdog tests take a second or two, not minutes (renewed
	 * every 200 ms).
	 */
	private static final LockOptions SHORT_LEASE = LockOptions.defaults().withLeaseTime(Duration.ofMillis(600));

	protected final String prefix = topology().newPrefix("lock");

	protected final SimpleMeterRegistry registryA = new SimpleMeterRegistry();

	protected final SimpleMeterRegistry registryB = new SimpleMeterRegistry();

	protected LettuceRedisClient clientA;

	protected LettuceRedisClient clientB;

	protected RedisLockService serviceA;

	protected RedisLockService serviceB;

	private final List<String> usedKeys = new ArrayList<>();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	/**
	 * The deployment the suite runs against.
	 * @return the topology
	 */
	protected abstract RedisTopology topology();

	@BeforeEach
	void connect() {
		this.clientA = topology().clientBuilder().prefix(this.prefix).meterRegistry(this.registryA).build();
		this.clientB = topology().clientBuilder().prefix(this.prefix).meterRegistry(this.registryB).build();
		this.serviceA = service(this.clientA, LockOptions.defaults());
		this.serviceB = service(this.clientB, LockOptions.defaults());
	}

	@AfterEach
	void close() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
		this.clientA.close();
		this.clientB.close();
		for (String key : this.usedKeys) {
			topology().raw().del(lockKey(key), fenceKey(key), waitingKey(key));
		}
	}

	protected RedisLockService service(LettuceRedisClient client, LockOptions options) {
		RedisLockService service = new RedisLockService(client, options);
		this.closeables.add(service);
		return service;
	}

	/** A lock name of this test; its keys are deleted afterwards. */
	protected String key(String name) {
		this.usedKeys.add(name);
		return name;
	}

	protected String lockKey(String key) {
		return this.prefix + ":lock:{" + key + "}";
	}

	protected String fenceKey(String key) {
		return lockKey(key) + ":fence";
	}

	protected String waitingKey(String key) {
		return lockKey(key) + ":waiting";
	}

	protected String channel(String key) {
		return lockKey(key) + ":released";
	}

	// --- mutual exclusion
	// --------------------------------------------------------------------------------

	@Test
	void eightThreadsOnTwoClientsLoseNoUpdateOfANonAtomicCounter() throws Exception {
		String key = key("counter");
		int threads = 8;
		int rounds = 200;
		int[] counter = { 0 };
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger maxInside = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<?>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				RedisLockService service = (t % 2 == 0) ? this.serviceA : this.serviceB;
				results.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < rounds; i++) {
						try (LockHandle lock = service.acquire(key, Duration.ofSeconds(30))) {
							maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
							// read, let others run, write: loses updates unless the lock
							// excludes them
							int read = counter[0];
							Thread.yield();
							counter[0] = read + 1;
							inside.decrementAndGet();
						}
					}
					return null;
				}));
			}
			long began = System.nanoTime();
			start.countDown();
			for (Future<?> result : results) {
				result.get(60, TimeUnit.SECONDS);
			}
			System.out.printf("mutual exclusion: %d acquisitions in %d ms%n", threads * rounds,
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(maxInside.get()).as("holders at the same time").isEqualTo(1);
		assertThat(counter[0]).isEqualTo(threads * rounds);
		assertThat(acquireTimer(this.registryA, "acquired").count() + acquireTimer(this.registryB, "acquired").count())
			.isEqualTo(threads * rounds);
		assertThat(topology().raw().exists(lockKey(key))).isZero();
	}

	// --- waiting
	// -----------------------------------------------------------------------------------------

	@Test
	void acquireBlocksThenTimesOut() {
		String key = key("busy");
		LockHandle holder = this.serviceA.acquire(key, Duration.ofSeconds(30), Duration.ZERO);
		long start = System.nanoTime();
		assertThatThrownBy(() -> this.serviceB.acquire(key, Duration.ofMillis(300)))
			.isInstanceOf(LockTimeoutException.class)
			.hasMessageNotContaining(key)
			.hasMessageNotContaining(holder.id());
		long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(elapsedMs).isBetween(300L, 1500L);
		assertThat(acquireTimer(this.registryB, "timeout").count()).isEqualTo(1);
		assertThat(holder.isHeld()).isTrue();
	}

	@Test
	void waiterIsWokenByTheReleaseNotWithinOnePoll() throws Exception {
		String key = key("wake");
		// Polls 2-4 s apart: only the release notification can wake a waiter within 50 ms
		// (or within 1 s).
		LockOptions slowPoll = LockOptions.defaults().withPollInterval(Duration.ofSeconds(4));
		RedisLockService holderService = service(this.clientA, slowPoll);
		RedisLockService waiterService = service(this.clientB, slowPoll);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		long[] latencies = new long[5];
		try {
			for (int round = 0; round < latencies.length; round++) {
				LockHandle holder = holderService.acquire(key, Duration.ofSeconds(30), Duration.ZERO);
				Future<Long> acquiredAt = pool.submit(() -> {
					try (LockHandle waiter = waiterService.acquire(key, Duration.ofSeconds(10))) {
						return System.nanoTime();
					}
				});
				awaitTrue(() -> waiterService.hasNotifiedWaiters(key), Duration.ofSeconds(10));
				Thread.sleep(100); // after the subscription the waiter retries once, then
									// starts its long pause
				long releasedAt = System.nanoTime();
				holder.release();
				latencies[round] = TimeUnit.NANOSECONDS.toMillis(acquiredAt.get(5, TimeUnit.SECONDS) - releasedAt);
			}
		}
		finally {
			pool.shutdownNow();
		}
		long[] sorted = latencies.clone();
		Arrays.sort(sorted);
		System.out.printf("release -> waiter acquired (ms): %s, median %d%n", Arrays.toString(latencies), sorted[2]);
		assertThat(sorted[2]).as("median wake-up latency in ms").isLessThan(50);
		assertThat(sorted[4]).as("slowest wake-up in ms, below the poll's 1.7 s at the least").isLessThan(1000);
	}

	@Test
	void lostNotificationCostsAtMostAPollInterval() throws Exception {
		String key = key("lost-notification");
		this.serviceA.acquire(key, Duration.ofSeconds(30), Duration.ZERO);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Future<Long> acquiredAt = pool.submit(() -> {
				try (LockHandle waiter = this.serviceB.acquire(key, Duration.ofSeconds(10))) {
					return System.nanoTime();
				}
			});
			RedisClusterCommands<String, String> raw = topology().raw();
			raw.ping();
			Thread.sleep(200);
			// Gone without a release, so without a notification: the waiter's poll (100
			// ms) must find it.
			long deletedAt = System.nanoTime();
			raw.del(lockKey(key));
			long latencyMs = TimeUnit.NANOSECONDS.toMillis(acquiredAt.get(5, TimeUnit.SECONDS) - deletedAt);
			assertThat(latencyMs).isLessThan(1000);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void waiterRetriesWhenTheHoldersLeaseEnds() {
		String key = key("expiring");
		RedisLockService slowPoll = service(this.clientB,
				LockOptions.defaults().withPollInterval(Duration.ofSeconds(10)));
		this.serviceA.tryAcquire(key, Duration.ofMillis(300)).orElseThrow();
		long start = System.nanoTime();
		try (LockHandle waiter = slowPoll.acquire(key, Duration.ofSeconds(5))) {
			long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			// The pause is bounded by the holder's remaining lease, not by the 5-10 s
			// poll.
			assertThat(waitedMs).isLessThan(2000);
			assertThat(waiter.isHeld()).isTrue();
		}
	}

	@Test
	void tryAcquireDoesNotWaitAndLocksAreNotReentrant() {
		String key = key("not-reentrant");
		try (LockHandle held = this.serviceA.acquire(key, Duration.ofSeconds(1))) {
			long start = System.nanoTime();
			assertThat(this.serviceA.tryAcquire(key, Duration.ofSeconds(10))).isEmpty();
			assertThat(this.serviceB.tryAcquire(key, Duration.ofSeconds(10))).isEmpty();
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(500);
			assertThatThrownBy(() -> this.serviceA.acquire(key, Duration.ofMillis(100)))
				.isInstanceOf(LockTimeoutException.class);
			assertThat(held.isHeld()).isTrue();
		}
		Optional<LockHandle> free = this.serviceB.tryAcquire(key, Duration.ofSeconds(10));
		assertThat(free).isPresent();
		assertThat(free.get().key()).isEqualTo(key);
		assertThat(topology().raw().pttl(lockKey(key))).isBetween(9000L, 10000L);
		free.get().release();
	}

	@Test
	void interruptedWaitThrowsAndRestoresTheInterruptFlag() throws Exception {
		String key = key("interrupt");
		LockHandle holder = this.serviceA.acquire(key, Duration.ofSeconds(30), Duration.ZERO);
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		AtomicBoolean flagAfter = new AtomicBoolean();
		Thread waiter = new Thread(() -> {
			try {
				this.serviceB.acquire(key, Duration.ofSeconds(20));
			}
			catch (Throwable ex) {
				thrown.set(ex);
				flagAfter.set(Thread.currentThread().isInterrupted());
			}
		});
		waiter.start();
		Thread.sleep(200);
		long interruptedAt = System.nanoTime();
		waiter.interrupt();
		waiter.join(5000);
		assertThat(waiter.isAlive()).isFalse();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - interruptedAt)).isLessThan(1000);
		assertThat(thrown.get()).isInstanceOf(LockInterruptedException.class);
		assertThat(flagAfter).isTrue();
		assertThat(acquireTimer(this.registryB, "error").count()).isEqualTo(1);
		assertThat(topology().raw().get(lockKey(key))).isEqualTo(holder.id());

		// A thread already interrupted does not even try, and keeps its flag.
		holder.release();
		Thread.currentThread().interrupt();
		try {
			assertThatThrownBy(() -> this.serviceB.acquire(key, Duration.ofSeconds(1)))
				.isInstanceOf(LockInterruptedException.class);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(topology().raw().exists(lockKey(key))).isZero();
	}

	// --- release
	// -----------------------------------------------------------------------------------------

	@Test
	void releaseByNonOwnerReturnsFalseAndLeavesTheLock() {
		String key = key("owned");
		ListAppender<ILoggingEvent> logs = captureLogs();
		LockHandle holder = this.serviceA.acquire(key, Duration.ofSeconds(1));
		assertThat(this.serviceB.release(key, "not-the-holders-id")).isFalse();
		assertThat(topology().raw().get(lockKey(key))).isEqualTo(holder.id());
		assertThat(holder.isHeld()).isTrue();
		assertThat(logs.list).anySatisfy((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getKeyValuePairs()).anySatisfy((pair) -> assertThat(pair.value).isEqualTo("not_owner"));
		});
		assertThat(this.serviceB.release(key, holder.id())).as("the id is what proves ownership").isTrue();
		assertThat(topology().raw().exists(lockKey(key))).isZero();
		assertNoLogMentions(logs, holder.id());
	}

	@Test
	void releaseAfterExpiryReturnsFalseAndLeavesTheNewOwnersLock() {
		String key = key("expired");
		ListAppender<ILoggingEvent> logs = captureLogs();
		LockHandle expired = this.serviceA.tryAcquire(key, Duration.ofMillis(100)).orElseThrow();
		AtomicInteger lost = new AtomicInteger();
		expired.onLeaseLost(lost::incrementAndGet);
		awaitTrue(() -> topology().raw().exists(lockKey(key)) == 0, Duration.ofSeconds(2));
		LockHandle owner = this.serviceB.tryAcquire(key, Duration.ofSeconds(10)).orElseThrow();

		assertThat(this.serviceA.release(key, expired.id())).isFalse();
		expired.release();
		expired.close();
		assertThat(topology().raw().get(lockKey(key))).isEqualTo(owner.id());
		assertThat(owner.isHeld()).isTrue();
		assertThat(expired.isHeld()).isFalse();
		assertThat(lost).hasValue(1);
		assertThat(leaseLost(this.registryA).count()).isEqualTo(1);
		assertNoLogMentions(logs, expired.id());
		assertNoLogMentions(logs, owner.id());
	}

	@Test
	void withLockReleasesWhenTheActionThrows() {
		String key = key("with-lock");
		assertThatThrownBy(() -> this.serviceA.withLock(key, Duration.ofSeconds(1), (Runnable) () -> {
			assertThat(this.serviceB.tryAcquire(key, Duration.ofSeconds(1))).isEmpty();
			throw new IllegalStateException("boom");
		})).isInstanceOf(IllegalStateException.class).hasMessage("boom");
		assertThat(topology().raw().exists(lockKey(key))).isZero();

		assertThatThrownBy(() -> this.serviceA.withLock(key, Duration.ofSeconds(1), () -> {
			throw new IllegalStateException("boom again");
		})).isInstanceOf(IllegalStateException.class).hasMessage("boom again");
		assertThat(topology().raw().exists(lockKey(key))).isZero();

		assertThat(this.serviceA.withLock(key, Duration.ofSeconds(1), () -> "done")).isEqualTo("done");
		assertThat(topology().raw().exists(lockKey(key))).isZero();
		assertThat(this.registryA.find(LockMetrics.HELD).timer().count()).isEqualTo(3);
	}

	@Test
	void withLockTimesOutWithoutRunningTheAction() {
		String key = key("with-lock-busy");
		this.serviceB.acquire(key, Duration.ofSeconds(30), Duration.ZERO);
		AtomicBoolean ran = new AtomicBoolean();
		assertThatThrownBy(() -> this.serviceA.withLock(key, Duration.ofMillis(100), () -> ran.set(true)))
			.isInstanceOf(LockTimeoutException.class);
		assertThat(ran).isFalse();
	}

	// --- leases
	// ------------------------------------------------------------------------------------------

	@Test
	void explicitLeaseIsNotRenewedButCanBeExtended() {
		String key = key("explicit");
		RedisLockService service = service(this.clientA, SHORT_LEASE);
		LockHandle lock = service.acquire(key, Duration.ofSeconds(2), Duration.ZERO);
		assertThat(topology().raw().pttl(lockKey(key))).isBetween(1000L, 2000L);
		assertThat(lock.extend(Duration.ofSeconds(20))).isTrue();
		assertThat(topology().raw().pttl(lockKey(key))).isBetween(19000L, 20000L);
		lock.release();
		assertThat(lock.extend(Duration.ofSeconds(20))).isFalse();
		assertThat(lock.isHeld()).isFalse();
		assertThat(leaseLost(this.registryA)).isNull();
	}

	@Test
	void watchdogKeepsTheLockPastItsLeaseAndStopsAtRelease() throws Exception {
		String key = key("watchdog");
		RedisLockService service = service(this.clientA, SHORT_LEASE);
		LockHandle lock = service.acquire(key, Duration.ofSeconds(1));
		Thread.sleep(1800); // three leases of 600 ms
		assertThat(lock.isHeld()).isTrue();
		assertThat(topology().raw().pttl(lockKey(key))).isPositive();
		assertThat(extendCount(this.registryA)).isGreaterThanOrEqualTo(3);

		lock.release();
		long renewals = extendCount(this.registryA);
		Thread.sleep(500); // two renewal periods
		assertThat(extendCount(this.registryA)).as("renewals after release").isEqualTo(renewals);
		assertThat(topology().raw().exists(lockKey(key))).isZero();
	}

	@Test
	void releaseByIdStopsTheWatchdogOfThatLock() throws Exception {
		String key = key("watchdog-by-id");
		RedisLockService service = service(this.clientA, SHORT_LEASE);
		LockHandle lock = service.acquire(key, Duration.ofSeconds(1));
		AtomicInteger lost = new AtomicInteger();
		lock.onLeaseLost(lost::incrementAndGet);
		assertThat(service.release(key, lock.id())).isTrue();
		long renewals = extendCount(this.registryA);
		Thread.sleep(500); // two renewal periods
		assertThat(extendCount(this.registryA)).as("renewals after release").isEqualTo(renewals);
		assertThat(lock.isHeld()).isFalse();
		assertThat(lost).as("a release is not a loss").hasValue(0);
		assertThat(leaseLost(this.registryA)).isNull();
	}

	@Test
	void watchdogStopsRenewingAtTheMaximumHoldTime() {
		String key = key("ceiling");
		RedisLockService service = service(this.clientA, SHORT_LEASE.withMaxHoldTime(Duration.ofMillis(1500)));
		long start = System.nanoTime();
		LockHandle lock = service.acquire(key, Duration.ofSeconds(1));
		CountDownLatch lost = new CountDownLatch(1);
		lock.onLeaseLost(lost::countDown);
		awaitTrue(() -> lost.getCount() == 0, Duration.ofSeconds(5));
		long lostAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		// Renewed past the 600 ms lease up to the 1500 ms ceiling, then expired within
		// one more lease.
		assertThat(lostAfterMs).isBetween(1500L, 3500L);
		// The holder is told when its lease may have run out, counted from when its last
		// renewal was sent; Redis
		// counts from when that renewal arrived, so the key outlives the callback by the
		// renewal's delay at most.
		awaitTrue(() -> topology().raw().exists(lockKey(key)) == 0, Duration.ofMillis(250));
		assertThat(lock.isHeld()).isFalse();
		long renewals = extendCount(this.registryA);
		// every 200 ms up to the 1500 ms ceiling
		assertThat(renewals).isBetween(3L, 8L);
		assertThat(leaseLost(this.registryA).count()).isEqualTo(1);
		assertThat(this.serviceB.tryAcquire(key, Duration.ofSeconds(10))).isPresent();
		lock.release();
		assertThat(topology().raw().exists(lockKey(key))).as("the new owner's lock").isOne();
		assertThat(extendCount(this.registryA)).isEqualTo(renewals);
	}

	@Test
	void leaseLostWhenTheLockIsOverwrittenBehindTheHoldersBack() {
		String key = key("overwritten");
		RedisLockService service = service(this.clientA, SHORT_LEASE);
		LockHandle lock = service.acquire(key, Duration.ofSeconds(1));
		AtomicInteger lost = new AtomicInteger();
		lock.onLeaseLost(lost::incrementAndGet);
		topology().raw().set(lockKey(key), "intruder");
		awaitTrue(() -> lost.get() == 1, Duration.ofSeconds(3));
		assertThat(lock.isHeld()).isFalse();
		lock.release();
		assertThat(topology().raw().get(lockKey(key))).isEqualTo("intruder");
		assertThat(topology().raw().pttl(lockKey(key))).as("not extended by the old holder").isEqualTo(-1);
		AtomicInteger late = new AtomicInteger();
		lock.onLeaseLost(late::incrementAndGet);
		assertThat(late).as("a listener added after the loss runs at once").hasValue(1);
		assertThat(lost).hasValue(1);
		assertThat(leaseLost(this.registryA).count()).isEqualTo(1);
	}

	@Test
	void leaseLostWhenTheLockIsDeletedBehindTheHoldersBack() {
		String key = key("deleted");
		RedisLockService service = service(this.clientA, SHORT_LEASE);
		LockHandle lock = service.acquire(key, Duration.ofSeconds(1));
		CountDownLatch lost = new CountDownLatch(1);
		lock.onLeaseLost(lost::countDown);
		topology().raw().del(lockKey(key));
		awaitTrue(() -> lost.getCount() == 0, Duration.ofSeconds(3));
		assertThat(lock.isHeld()).isFalse();
		assertThat(lock.extend(Duration.ofSeconds(1))).isFalse();
	}

	// --- fencing
	// -----------------------------------------------------------------------------------------

	@Test
	void fencingTokensStrictlyIncreaseAcrossOwners() {
		String key = key("fenced");
		List<Long> tokens = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			RedisLockService service = (i % 2 == 0) ? this.serviceA : this.serviceB;
			try (LockHandle lock = service.acquire(key, Duration.ofSeconds(1))) {
				tokens.add(lock.fencingToken());
			}
		}
		// An expired holder's token is still lower than the next owner's.
		LockHandle expired = this.serviceA.tryAcquire(key, Duration.ofMillis(50)).orElseThrow();
		tokens.add(expired.fencingToken());
		awaitTrue(() -> topology().raw().exists(lockKey(key)) == 0, Duration.ofSeconds(2));
		try (LockHandle next = this.serviceB.acquire(key, Duration.ofSeconds(1))) {
			tokens.add(next.fencingToken());
		}
		// Even when the idle counter has expired or was lost, tokens do not start over,
		// not even within the same
		// millisecond as the acquisition before.
		assertThat(topology().raw().pttl(fenceKey(key))).isPositive();
		for (int i = 0; i < 20; i++) {
			topology().raw().del(fenceKey(key));
			try (LockHandle afterExpiry = this.serviceA.acquire(key, Duration.ofSeconds(1))) {
				tokens.add(afterExpiry.fencingToken());
			}
		}
		assertThat(tokens).isSorted().doesNotHaveDuplicates();
	}

	// --- input
	// -------------------------------------------------------------------------------------------

	@Test
	void badInputIsRejectedBeforeAnyIo() {
		LockHandle lock = this.serviceA.acquire(key("input"), Duration.ofSeconds(1));
		// A closed client fails every command: an IllegalArgumentException proves nothing
		// was sent.
		this.clientB.close();
		Duration second = Duration.ofSeconds(1);
		assertArgument("key", () -> this.serviceB.acquire(null, second));
		assertArgument("key", () -> this.serviceB.acquire(" ", second));
		assertArgument("key", () -> this.serviceB.acquire("}a", second));
		assertArgument("timeout", () -> this.serviceB.acquire("k", null));
		assertArgument("timeout", () -> this.serviceB.acquire("k", Duration.ofMillis(-1)));
		assertArgument("leaseTime", () -> this.serviceB.acquire("k", Duration.ZERO, second));
		assertArgument("leaseTime", () -> this.serviceB.acquire("k", null, second));
		assertArgument("waitTime", () -> this.serviceB.acquire("k", second, Duration.ofSeconds(-1)));
		assertArgument("leaseTime", () -> this.serviceB.tryAcquire("k", Duration.ofMillis(-5)));
		assertArgument("key", () -> this.serviceB.tryAcquire("", second));
		assertArgument("lockId", () -> this.serviceB.release("k", null));
		assertArgument("lockId", () -> this.serviceB.release("k", ""));
		assertArgument("key", () -> this.serviceB.release(null, "id"));
		assertArgument("action", () -> this.serviceB.withLock("k", second, (Runnable) null));
		assertArgument("action", () -> this.serviceB.withLock("k", second, (java.util.function.Supplier<String>) null));
		assertArgument("leaseTime", () -> lock.extend(Duration.ZERO));
		assertArgument("listener", () -> lock.onLeaseLost(null));
		assertThatIllegalArgumentException().isThrownBy(() -> new LockOptions("lock", Duration.ZERO, second, second))
			.withMessageContaining("leaseTime");
		lock.release();
		this.serviceA.close();
		assertThatThrownBy(() -> this.serviceA.acquire("k", second)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("closed");
	}

	// --- helpers
	// -----------------------------------------------------------------------------------------

	private static void assertArgument(String name, Runnable call) {
		assertThatIllegalArgumentException().isThrownBy(call::run).withMessageStartingWith(name + " ");
	}

	protected static Timer acquireTimer(SimpleMeterRegistry registry, String outcome) {
		return registry.get(LockMetrics.ACQUIRE).tag("outcome", outcome).timer();
	}

	private static Counter leaseLost(SimpleMeterRegistry registry) {
		Counter counter = registry.find(LockMetrics.LEASE_LOST).counter();
		return (counter != null && counter.count() > 0) ? counter : null;
	}

	private static long extendCount(SimpleMeterRegistry registry) {
		Timer timer = registry.find("earnbase.redis.command")
			.tag("command", "lock.extend")
			.tag("outcome", "success")
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	protected static void awaitTrue(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("condition not met within " + timeout);
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

	private ListAppender<ILoggingEvent> captureLogs() {
		Logger logger = (Logger) LoggerFactory.getLogger("com.earnbase.redis");
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		this.closeables.add(() -> logger.detachAppender(appender));
		return appender;
	}

	private static void assertNoLogMentions(ListAppender<ILoggingEvent> logs, String secret) {
		assertThat(logs.list).isNotEmpty().allSatisfy((event) -> {
			assertThat(event.getFormattedMessage()).doesNotContain(secret);
			if (event.getKeyValuePairs() != null) {
				event.getKeyValuePairs()
					.forEach((pair) -> assertThat(String.valueOf(pair.value)).doesNotContain(secret));
			}
		});
	}

}
