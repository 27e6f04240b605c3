package com.earnbase.redis.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.testsupport.RedisTopology;
import io.lettuce.core.KillArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The near cache against a real Redis, with two independent clients as two JVMs would
 * have: B keeps local copies, A (and plain Lettuce commands) change the keys. Subclasses
 * choose the deployment.
 */
abstract class AbstractNearCacheIntegrationTests {

	/** The longest an invalidation may take to arrive here, with room for a loaded CI. */
	private static final Duration INVALIDATION_BOUND = Duration.ofSeconds(2);

	private final String prefix = topology().newPrefix("near");

	private final List<LettuceRedisClient> clients = new ArrayList<>();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	/**
	 * The deployment under test.
	 * @return the topology
	 */
	protected abstract RedisTopology topology();

	@AfterEach
	void cleanUp() {
		this.threads.shutdownNow();
		topology().deleteKeys(this.prefix);
		this.clients.forEach(LettuceRedisClient::close);
	}

	private RedisCache newCache(String cacheName, NearCacheOptions near) {
		LettuceRedisClient client = topology().clientBuilder().prefix(this.prefix).meterRegistry(this.registry).build();
		this.clients.add(client);
		return new RedisCache(client, RedisCacheOptions.defaults().withCacheName(cacheName).withNearCache(near));
	}

	private RedisCache near(String cacheName) {
		return newCache(cacheName, NearCacheOptions.defaults().withEnabled(true));
	}

	private RedisCache remote(String cacheName) {
		return newCache(cacheName, NearCacheOptions.defaults());
	}

	private String valueKey(String key) {
		return this.prefix + ":cache:{" + key + "}";
	}

	private double nearHits(String cacheName) {
		return this.registry.get("earnbase.redis.cache.requests")
			.tag("cache", cacheName)
			.tag("result", "near_hit")
			.counter()
			.count();
	}

	private double invalidations(String cacheName) {
		return this.registry.get("earnbase.redis.cache.near.invalidations").tag("cache", cacheName).counter().count();
	}

	private void awaitInvalidations(String cacheName, double count) {
		await().atMost(INVALIDATION_BOUND).until(() -> invalidations(cacheName) >= count);
	}

	@Test
	void aSecondReadIsServedLocallyAndDecodedOnce() {
		RedisCache a = remote("a");
		RedisCache b = near("b");
		a.put("k", new Item("one", 1), Duration.ofMinutes(1));
		assertThat(b.nearCacheActive()).isTrue();
		// A copy read before the write's own invalidation arrives is dropped by it.
		awaitInvalidations("b", 1);
		Item first = b.get("k", Item.class).orElseThrow();
		Item second = b.get("k", Item.class).orElseThrow();
		Item third = b.getOrSet("k", Item.class, () -> new Item("computed", 0));
		assertThat(first).isEqualTo(new Item("one", 1));
		assertThat(third).isSameAs(second);
		assertThat(nearHits("b")).isEqualTo(2);
		assertThat(this.registry.get("earnbase.redis.cache.near.size").tag("cache", "b").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("earnbase.redis.cache.near.tracking").tag("cache", "b").gauge().value())
			.isEqualTo(1);
	}

	@Test
	void anotherClientsUpdateAndDeleteReachTheLocalCopy() {
		RedisCache a = remote("a");
		RedisCache b = near("b");
		a.put("k", "v1", Duration.ofMinutes(1));
		b.get("k", String.class);
		assertThat(b.get("k", String.class)).contains("v1");
		double before = invalidations("b");
		a.put("k", "v2", Duration.ofMinutes(1));
		await().atMost(INVALIDATION_BOUND).until(() -> invalidations("b") > before);
		assertThat(b.get("k", String.class)).contains("v2");
		assertThat(b.get("k", String.class)).contains("v2");
		// A delete that does not go through any cache: plain DEL.
		double beforeDelete = invalidations("b");
		topology().raw().del(valueKey("k"));
		await().atMost(INVALIDATION_BOUND).until(() -> invalidations("b") > beforeDelete);
		assertThat(b.get("k", String.class)).isEmpty();
	}

	@Test
	void aCachedNullIsInvalidatedLikeAnyValue() {
		RedisCache a = remote("a");
		RedisCache b = near("b");
		AtomicInteger calls = new AtomicInteger();
		assertThat(b.getOrSet("n", String.class, () -> {
			calls.incrementAndGet();
			return null;
		})).isNull();
		// B's own write is reported to B's tracking too and drops a copy read before
		// that report: a cached null is served locally once it arrived.
		await().atMost(INVALIDATION_BOUND).until(() -> {
			assertThat(b.getOrSet("n", String.class, () -> "computed")).isNull();
			return nearHits("b") >= 1;
		});
		assertThat(calls).hasValue(1);
		// Local copies live 5 minutes: only the invalidation can make B read the new
		// value.
		a.put("n", "now", Duration.ofMinutes(1));
		await().atMost(INVALIDATION_BOUND).until(() -> "now".equals(b.getOrSet("n", String.class, () -> "computed")));
		assertThat(calls).hasValue(1);
	}

	@Test
	void thisClientsWritesAndEvictionsAreSeenAtOnce() {
		RedisCache b = near("b");
		for (int round = 0; round < 300; round++) {
			b.put("k", "v" + round, Duration.ofMinutes(1));
			assertThat(b.get("k", String.class)).contains("v" + round);
			assertThat(b.get("k", String.class)).contains("v" + round);
			if (round % 3 == 0) {
				assertThat(b.evict("k")).isTrue();
				assertThat(b.get("k", String.class)).isEmpty();
			}
		}
		b.put("other", "x", Duration.ofMinutes(1));
		b.get("other", String.class);
		b.clear();
		assertThat(b.get("other", String.class)).isEmpty();
	}

	/**
	 * The read/invalidate race: B's readers keep reading while A updates the key. Once
	 * the invalidation of A's update reached B, B must never answer an older value; a
	 * reply read before the update and arriving after its invalidation would otherwise be
	 * kept.
	 */
	@Test
	void noStaleReadOnceTheInvalidationArrived() throws Exception {
		RedisCache a = remote("a");
		RedisCache b = near("b");
		a.put("race", 0L, Duration.ofMinutes(1));
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong stale = new AtomicLong();
		AtomicLong current = new AtomicLong();
		List<Future<?>> readers = new ArrayList<>();
		for (int reader = 0; reader < 4; reader++) {
			readers.add(this.threads.submit(() -> {
				while (running.get()) {
					b.get("race", Long.class);
				}
			}));
		}
		int rounds = 1000;
		for (long round = 1; round <= rounds; round++) {
			double before = invalidations("b");
			a.put("race", round, Duration.ofMinutes(1));
			current.set(round);
			await().atMost(INVALIDATION_BOUND)
				.pollInterval(Duration.ofMillis(1))
				.until(() -> invalidations("b") > before);
			long seen = b.get("race", Long.class).orElseThrow();
			if (seen < round) {
				stale.incrementAndGet();
			}
		}
		running.set(false);
		for (Future<?> reader : readers) {
			reader.get(10, TimeUnit.SECONDS);
		}
		assertThat(stale).as("reads older than an update whose invalidation had arrived").hasValue(0);
		assertThat(nearHits("b")).isPositive();
	}

	@Test
	void aFloodOfDistinctKeysStaysWithinMaxEntries() {
		RedisCache a = remote("a");
		RedisCache b = newCache("b", NearCacheOptions.defaults().withEnabled(true).withMaxEntries(100));
		for (int i = 0; i < 2000; i++) {
			a.put("k" + i, i, Duration.ofMinutes(1));
		}
		// Else late invalidations of these writes would drop copies that the bound
		// should evict.
		awaitInvalidations("b", 2000);
		for (int i = 0; i < 2000; i++) {
			assertThat(b.get("k" + i, Integer.class)).contains(i);
		}
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.registry.get("earnbase.redis.cache.near.size").tag("cache", "b").gauge().value() <= 100);
		assertThat(this.registry.get("earnbase.redis.cache.near.evictions").tag("cache", "b").counter().count())
			.isGreaterThanOrEqualTo(1900);
	}

	@Test
	void aKilledTrackingConnectionDropsEveryCopyAndTrackingComesBack() {
		RedisCache a = remote("a");
		RedisCache b = near("b");
		List<String> keys = List.of("x", "y", "z", "w");
		for (String key : keys) {
			a.put(key, "old", Duration.ofMinutes(1));
			b.get(key, String.class);
			assertThat(b.get(key, String.class)).contains("old");
		}
		long killed = killTrackingConnections();
		assertThat(killed).isPositive();
		// Written right after the kill: B's tracking connection is gone and misses these.
		for (String key : keys) {
			a.put(key, "new", Duration.ofMinutes(1));
		}
		long start = System.nanoTime();
		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> keys.stream().allMatch((key) -> b.get(key, String.class).orElseThrow().equals("new")));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		await().atMost(Duration.ofSeconds(10)).until(b::nearCacheActive);
		double hits = nearHits("b");
		b.get("x", String.class);
		assertThat(b.get("x", String.class)).contains("new");
		assertThat(nearHits("b")).isGreaterThan(hits);
		assertThat(this.registry.get("earnbase.redis.cache.near.resets").tag("cache", "b").counter().count())
			.isPositive();
	}

	@Test
	void aClientThatReadsFromReplicasRefusesANearCache() {
		LettuceRedisClient client = topology().clientBuilder().prefix(this.prefix).readFromReplicas(true).build();
		this.clients.add(client);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisCache(client,
					RedisCacheOptions.defaults().withNearCache(NearCacheOptions.defaults().withEnabled(true))))
			.withMessageContaining("read-from-replicas");
	}

	/**
	 * Kills every connection with broadcast tracking on (flag B) on every node that holds
	 * keys (tests of a class run one at a time, so these are this test's).
	 * @return how many were killed
	 */
	protected abstract long killTrackingConnections();

	/**
	 * Kills the connections with broadcast tracking on of one node.
	 * @param node the node's commands
	 * @return how many were killed
	 */
	protected static long killTrackingConnections(RedisClusterCommands<String, String> node) {
		long killed = 0;
		for (String line : node.clientList().split("\n")) {
			String id = null;
			boolean broadcast = false;
			for (String field : line.trim().split(" ")) {
				if (field.startsWith("id=")) {
					id = field.substring(3);
				}
				else if (field.startsWith("flags=")) {
					broadcast = field.contains("B");
				}
			}
			if (broadcast && id != null) {
				killed += node.clientKill(KillArgs.Builder.id(Long.parseLong(id)));
			}
		}
		return killed;
	}

	/** A value with a few fields, decoded from JSON. */
	record Item(String name, int count) {
	}

}
