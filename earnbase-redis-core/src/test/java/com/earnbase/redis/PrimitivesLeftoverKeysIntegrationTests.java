package com.earnbase.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.earnbase.redis.cache.RedisCache;
import com.earnbase.redis.cache.RedisCacheOptions;
import com.earnbase.redis.lock.LockHandle;
import com.earnbase.redis.lock.LockOptions;
import com.earnbase.redis.lock.RedisLockService;
import com.earnbase.redis.pubsub.RedisPubSubService;
import com.earnbase.redis.pubsub.Subscription;
import com.earnbase.redis.ratelimit.RateLimitAlgorithm;
import com.earnbase.redis.ratelimit.RateLimitPolicy;
import com.earnbase.redis.ratelimit.RedisRateLimiter;
import com.earnbase.redis.session.RedisSessionStore;
import com.earnbase.redis.session.SessionStoreOptions;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nothing the primitives write outlives its time to live: every primitive is exercised
 * with short TTLs on a {@code redis-server} of this test's own (cache loads with
 * concurrent callers waiting on a lease, nulls, a failing factory, early refresh, puts
 * and evictions; sessions with and without owner, renewed, regenerated and deleted; each
 * rate-limit algorithm up to its limit; locks with waiters, extended and released;
 * pub/sub), and once every TTL has passed a SCAN of the whole keyspace finds only the
 * README's long-lived keys: one fencing counter per lock name, which expires
 * {@value #FENCE_TTL_DAYS} days after that lock was last taken. While the primitives run,
 * no key is without a TTL.
 */
class PrimitivesLeftoverKeysIntegrationTests {

	private static final Duration TTL = Duration.ofSeconds(1);

	private static final int FENCE_TTL_DAYS = 7;

	private static final String PREFIX = "leftover";

	/** The long-lived keys the README documents, with why they live long. */
	private static final Map<Pattern, String> LONG_LIVED = Map.of(
			Pattern.compile(Pattern.quote(PREFIX + ":lock:{") + "[^}]+\\}:fence"),
			"a lock's fencing counter, kept for " + FENCE_TTL_DAYS + " days");

	private RedisServerProcess server;

	private LettuceRedisClient client;

	@BeforeEach
	void start() {
		this.server = RedisTestServer.dedicated();
		this.client = (LettuceRedisClient) RedisClient.builder()
			.url(this.server.url())
			.prefix(PREFIX)
			// Longer than the connect timeout: the first subscription waits for the
			// pub/sub
			// connection to open, which a loaded machine makes slow.
			.timeout(Duration.ofSeconds(10))
			.build();
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.close();
	}

	@Test
	void noKeyOutlivesItsTimeToLiveExceptTheDocumentedLongLivedOnes() throws Exception {
		List<String> lockNames = List.of("job-a", "job-b", "job-c");
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			useTheCache(threads);
			useSessions();
			useTheRateLimiter();
			useLocks(threads, lockNames);
			usePubSub();
		}
		finally {
			threads.shutdownNow();
		}

		Map<String, Long> whileUsed = keysWithTtl();
		assertThat(whileUsed).as("keys the primitives wrote").isNotEmpty();
		assertThat(whileUsed)
			.as("keys without a time to live (PTTL -1) while the primitives run; every key must expire")
			.doesNotContainValue(-1L);
		long longestShortTtl = whileUsed.entrySet()
			.stream()
			.filter((entry) -> !isLongLived(entry.getKey()))
			.mapToLong(Map.Entry::getValue)
			.max()
			.orElse(0);
		assertThat(Duration.ofMillis(longestShortTtl)).as("the longest TTL of a short-lived key")
			.isLessThanOrEqualTo(TTL.multipliedBy(3));
		// Every short TTL has passed; SCAN does not return keys whose TTL has passed.
		Thread.sleep(longestShortTtl + 200);

		Map<String, Long> left = keysWithTtl();
		System.out.println("measured: " + whileUsed.size() + " keys while the primitives ran (longest short TTL "
				+ longestShortTtl + " ms), left after every TTL passed: " + left);
		assertThat(left.keySet()).as("keys left after every TTL passed, other than the documented long-lived ones")
			.allMatch(PrimitivesLeftoverKeysIntegrationTests::isLongLived);
		assertThat(left).as("long-lived keys: at most one fencing counter per lock name")
			.hasSizeLessThanOrEqualTo(lockNames.size());
		assertThat(left.values()).as("long-lived keys expire, within %d days", FENCE_TTL_DAYS)
			.allMatch((ttl) -> ttl > 0 && ttl <= TimeUnit.DAYS.toMillis(FENCE_TTL_DAYS));
	}

	private void useTheCache(ExecutorService threads) throws Exception {
		RedisCacheOptions options = RedisCacheOptions.defaults()
			.withTtl(TTL)
			.withNullTtl(TTL)
			.withLeaseTime(TTL)
			.withEarlyRefresh(true, 1.0);
		try (RedisCache cache = new RedisCache(this.client, options)) {
			// Concurrent callers of missing keys: one computes under the lease, the
			// others
			// wait for its notification.
			for (int round = 0; round < 3; round++) {
				String key = "hot-" + round;
				CountDownLatch ready = new CountDownLatch(4);
				List<Future<String>> callers = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					callers.add(threads.submit(() -> {
						ready.countDown();
						ready.await();
						return cache.getOrSet(key, String.class, () -> {
							sleep(50);
							return "v";
						});
					}));
				}
				for (Future<String> caller : callers) {
					assertThat(caller.get(10, TimeUnit.SECONDS)).isEqualTo("v");
				}
			}
			assertThat(cache.getOrSet("absent", String.class, () -> null)).isNull();
			assertThatThrownBy(() -> cache.getOrSet("failing", String.class, () -> {
				throw new IllegalStateException("factory failed");
			})).hasMessage("factory failed");
			assertThat(cache.getOrSetAsync("async", String.class, TTL, () -> CompletableFuture.completedFuture("a"))
				.get(10, TimeUnit.SECONDS)).isEqualTo("a");
			cache.put("put", 42, TTL);
			assertThat(cache.get("put", Integer.class)).contains(42);
			cache.put("evicted", "x", TTL);
			assertThat(cache.evict("evicted")).isTrue();
			assertThat(cache.putIfAbsentRecorded("if-absent", "y", TTL, (type) -> true)).isNull();
			// Hits close to expiry may refresh in the background (another lease).
			for (int i = 0; i < 20; i++) {
				cache.getOrSet("hot-0", String.class, () -> "v");
				sleep(20);
			}
		}
	}

	private void useSessions() {
		RedisSessionStore sessions = new RedisSessionStore(this.client, SessionStoreOptions.defaults().withTtl(TTL));
		String anonymous = sessions.create(Map.of("cart", List.of(1, 2)));
		assertThat(sessions.get(anonymous)).containsKey("cart");
		sessions.update(anonymous, Map.of("cart", List.of()));
		assertThat(sessions.touch(anonymous)).isTrue();
		String rotated = sessions.regenerate(anonymous);
		assertThat(sessions.find(rotated)).isPresent();
		String owned = sessions.create("user-1", Map.of("user", "ada"));
		sessions.create("user-1", Map.of("user", "ada", "device", "phone"));
		assertThat(sessions.list("user-1")).hasSize(2);
		sessions.regenerate(owned);
		String deleted = sessions.create("user-2", Map.of("user", "bob"));
		sessions.delete(deleted);
		sessions.create("user-3", Map.of("user", "eve"));
		sessions.create("user-3", Map.of("user", "eve"));
		assertThat(sessions.deleteAll("user-3")).isEqualTo(2);
		sessions.create("user-4", Map.of("user", "kept until its TTL"));
	}

	private void useTheRateLimiter() {
		RedisRateLimiter limiter = new RedisRateLimiter(this.client);
		for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
			RateLimitPolicy policy = RateLimitPolicy.of(algorithm, 3, TTL);
			int allowed = 0;
			for (int i = 0; i < 5; i++) {
				allowed += limiter.tryAcquire("client-" + algorithm, 1, policy).allowed() ? 1 : 0;
			}
			assertThat(allowed).as(algorithm.propertyName()).isEqualTo(3);
			limiter.tryAcquire("bulk-" + algorithm, 2, policy);
		}
	}

	private void useLocks(ExecutorService threads, List<String> lockNames) throws Exception {
		try (RedisLockService locks = new RedisLockService(this.client, LockOptions.defaults().withLeaseTime(TTL))) {
			for (String name : lockNames) {
				LockHandle held = locks.acquire(name, TTL, Duration.ofSeconds(5));
				List<Future<Long>> waiters = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					waiters.add(threads.submit(() -> {
						try (LockHandle next = locks.acquire(name, TTL, Duration.ofSeconds(10))) {
							return next.fencingToken();
						}
					}));
				}
				sleep(100);
				assertThat(held.extend(TTL)).isTrue();
				held.release();
				for (Future<Long> waiter : waiters) {
					assertThat(waiter.get(15, TimeUnit.SECONDS)).isGreaterThan(held.fencingToken());
				}
			}
			Optional<LockHandle> tried = locks.tryAcquire(lockNames.get(0), TTL);
			assertThat(tried).isPresent();
			tried.get().release();
			assertThat(locks.withLock(lockNames.get(1), Duration.ofSeconds(5), () -> "done")).isEqualTo("done");
			// Left to expire: held when the service closes (the watchdog stops with it).
			locks.acquire(lockNames.get(2), TTL, Duration.ofSeconds(5));
		}
	}

	private void usePubSub() throws Exception {
		try (RedisPubSubService pubsub = new RedisPubSubService(this.client)) {
			BlockingQueue<String> received = new LinkedBlockingQueue<>();
			Subscription channel = pubsub.subscribe("news", String.class, received::add);
			try (Subscription pattern = pubsub.psubscribe("ne*", String.class,
					(name, message) -> received.add(message))) {
				pubsub.publish("news", "hello");
				assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");
				assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");
			}
			channel.close();
		}
	}

	/** Every key in the server with its PTTL, by SCAN over the whole keyspace. */
	private Map<String, Long> keysWithTtl() {
		return this.server.call((redis) -> {
			Map<String, Long> keys = new LinkedHashMap<>();
			ScanIterator<String> scan = ScanIterator.scan(redis, ScanArgs.Builder.limit(1000));
			while (scan.hasNext()) {
				String key = scan.next();
				Long ttl = redis.pttl(key);
				if (ttl != null && ttl != -2) {
					keys.put(key, ttl);
				}
			}
			return keys;
		});
	}

	private static boolean isLongLived(String key) {
		return LONG_LIVED.keySet().stream().anyMatch((pattern) -> pattern.matcher(key).matches());
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
