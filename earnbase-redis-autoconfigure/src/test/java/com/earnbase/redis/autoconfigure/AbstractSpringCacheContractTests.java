package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.cache.RedisCacheOptions;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache;
import org.springframework.cache.Cache.ValueWrapper;
import org.springframework.cache.interceptor.SimpleKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Spring {@link Cache} contract on {@link EarnbaseRedisSpringCache}, as Spring's own
 * caches and Spring Data Redis keep it, against a real Redis; subclasses choose the
 * deployment. The "two instances" tests build two managers on two independent clients
 * with the same prefix.
 */
abstract class AbstractSpringCacheContractTests {

	private final String prefix = topology().newPrefix("spring-cache-contract");

	private final List<LettuceRedisClient> clients = new ArrayList<>();

	private final List<EarnbaseRedisCacheManager> managers = new ArrayList<>();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	/**
	 * The deployment under test.
	 * @return the topology
	 */
	protected abstract RedisTopology topology();

	@AfterEach
	void cleanUp() {
		this.threads.shutdownNow();
		this.managers.forEach(EarnbaseRedisCacheManager::close);
		this.clients.forEach(LettuceRedisClient::close);
		topology().deleteKeys(this.prefix);
	}

	/**
	 * A manager on a client of its own, as another instance of the application would
	 * have.
	 */
	private EarnbaseRedisCacheManager newManager(boolean allowNullValues) {
		LettuceRedisClient client = topology().clientBuilder().prefix(this.prefix).build();
		this.clients.add(client);
		EarnbaseRedisCacheManager manager = new EarnbaseRedisCacheManager(client, RedisCacheOptions.defaults(),
				Map.of(), List.of(getClass().getPackageName()), allowNullValues);
		this.managers.add(manager);
		return manager;
	}

	private Cache newCache() {
		return newManager(true).getCache("accounts");
	}

	private String redisKey(String key) {
		return this.prefix + ":cache:accounts:{" + key + "}";
	}

	private List<String> storedKeys() {
		return topology().raw().keys(this.prefix + ":*");
	}

	@Test
	void getTellsAMissFromACachedNullAndChecksTheType() {
		Cache cache = newCache();
		assertThat(cache.get("k")).isNull();
		assertThat(cache.get("k", String.class)).isNull();
		cache.put("k", new Account("1", 10L));
		assertThat(cache.get("k")).isNotNull().extracting(ValueWrapper::get).isEqualTo(new Account("1", 10L));
		assertThat(cache.get("k", Account.class)).isEqualTo(new Account("1", 10L));
		assertThatIllegalStateException().isThrownBy(() -> cache.get("k", String.class))
			.withMessageContaining(String.class.getName());
		cache.put("nothing", null);
		assertThat(cache.get("nothing")).isNotNull().extracting(ValueWrapper::get).isNull();
		assertThat(cache.get("nothing", String.class)).isNull();
		assertThat(topology().raw().pttl(redisKey("nothing"))).isBetween(1L,
				RedisCacheOptions.DEFAULT_NULL_TTL.toMillis());
	}

	@Test
	void getWithALoaderComputesOnceAndWrapsTheLoadersException() {
		Cache cache = newCache();
		AtomicInteger calls = new AtomicInteger();
		assertThat(cache.get("k", () -> "v" + calls.incrementAndGet())).isEqualTo("v1");
		assertThat(cache.get("k", () -> "v" + calls.incrementAndGet())).isEqualTo("v1");
		assertThat(cache.get("k")).extracting(ValueWrapper::get).isEqualTo("v1");
		assertThat(cache.<String>get("absent", () -> null)).isNull();
		assertThat(cache.get("absent")).isNotNull().extracting(ValueWrapper::get).isNull();
		Exception failure = new Exception("loader failed");
		assertThatThrownBy(() -> cache.get("failing", () -> {
			throw failure;
		})).isInstanceOf(Cache.ValueRetrievalException.class)
			.hasCause(failure)
			.satisfies((ex) -> assertThat(((Cache.ValueRetrievalException) ex).getKey()).isEqualTo("failing"));
		assertThat(cache.get("failing")).isNull();
		assertThat(topology().raw().exists(redisKey("failing"), redisKey("failing") + ":lease")).isZero();
	}

	@Test
	void putIfAbsentStoresOnlyWhenMissingAndReturnsTheValueThatWasThere() {
		Cache cache = newCache();
		assertThat(cache.putIfAbsent("k", "first")).isNull();
		assertThat(cache.putIfAbsent("k", "second")).isNotNull().extracting(ValueWrapper::get).isEqualTo("first");
		assertThat(cache.get("k", String.class)).isEqualTo("first");
		assertThat(topology().raw().pttl(redisKey("k"))).isBetween(3_500_000L, 3_600_000L);
		assertThat(cache.putIfAbsent("nothing", null)).isNull();
		assertThat(cache.putIfAbsent("nothing", "late")).isNotNull().extracting(ValueWrapper::get).isNull();
	}

	@Test
	void putIfAbsentIsAtomicAcrossThreadsAndInstances() throws Exception {
		List<Cache> caches = List.of(newCache(), newCache());
		for (int round = 0; round < 50; round++) {
			String key = "race-" + round;
			CountDownLatch start = new CountDownLatch(1);
			List<Future<ValueWrapper>> results = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				Cache cache = caches.get(i % 2);
				String value = "v" + i;
				results.add(this.threads.submit(() -> {
					start.await();
					return cache.putIfAbsent(key, value);
				}));
			}
			start.countDown();
			List<ValueWrapper> seen = new ArrayList<>();
			for (Future<ValueWrapper> result : results) {
				seen.add(result.get(10, TimeUnit.SECONDS));
			}
			Object winner = caches.get(1).get(key, String.class);
			assertThat(seen.stream().filter(Objects::isNull)).as("told 'absent' in round %d", round).hasSize(1);
			assertThat(seen.stream().filter(Objects::nonNull).map(ValueWrapper::get))
				.as("values returned in round %d", round)
				.hasSize(7)
				.containsOnly(winner);
		}
	}

	@Test
	void evictAndEvictIfPresent() {
		Cache cache = newCache();
		cache.put("a", "1");
		cache.put("b", "2");
		cache.evict("a");
		assertThat(cache.get("a")).isNull();
		cache.evict("a");
		assertThat(cache.evictIfPresent("b")).isTrue();
		assertThat(cache.evictIfPresent("b")).isFalse();
		assertThat(cache.get("b")).isNull();
	}

	@Test
	void clearAndInvalidateRemoveOnlyThisCache() {
		EarnbaseRedisCacheManager manager = newManager(true);
		Cache accounts = manager.getCache("accounts");
		Cache reports = manager.getCache("reports");
		accounts.put("a", "1");
		accounts.put("b", "2");
		reports.put("r", "3");
		accounts.clear();
		assertThat(accounts.get("a")).isNull();
		assertThat(accounts.get("b")).isNull();
		assertThat(reports.get("r")).extracting(ValueWrapper::get).isEqualTo("3");
		assertThat(reports.invalidate()).isTrue();
		assertThat(reports.get("r")).isNull();
		assertThat(reports.invalidate()).isFalse();
	}

	@Test
	void retrieveTellsAMissFromACachedNull() throws Exception {
		Cache cache = newCache();
		assertThat(cache.retrieve("k").get(5, TimeUnit.SECONDS)).isNull();
		cache.put("k", "v");
		assertThat(cache.retrieve("k").get(5, TimeUnit.SECONDS)).isInstanceOf(ValueWrapper.class)
			.extracting((wrapper) -> ((ValueWrapper) wrapper).get())
			.isEqualTo("v");
		cache.put("nothing", null);
		assertThat(cache.retrieve("nothing").get(5, TimeUnit.SECONDS)).isInstanceOf(ValueWrapper.class)
			.extracting((wrapper) -> ((ValueWrapper) wrapper).get())
			.isNull();
	}

	@Test
	void retrieveWithALoaderComputesOnceAndFailsWithTheLoadersException() throws Exception {
		Cache cache = newCache();
		AtomicInteger calls = new AtomicInteger();
		for (int i = 0; i < 2; i++) {
			assertThat(cache.retrieve("k", () -> CompletableFuture.completedFuture("v" + calls.incrementAndGet()))
				.get(5, TimeUnit.SECONDS)).isEqualTo("v1");
		}
		IllegalStateException failure = new IllegalStateException("loader failed");
		CompletableFuture<String> failed = cache.retrieve("failing", () -> CompletableFuture.failedFuture(failure));
		assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isSameAs(failure);
		assertThat(cache.get("failing")).isNull();
	}

	@Test
	void keysAreConvertedAsSpringDataRedisConvertsThem() {
		Cache cache = newCache();
		cache.put(42, "int");
		cache.put(42L, "long");
		cache.put(Level.HIGH, "enum");
		cache.put(new AccountId("7"), "record");
		cache.put(new SimpleKey("a", 1), "simple key");
		cache.put(List.of(new AccountId("1"), 2), "list");
		cache.put(new int[] { 1, 2 }, "array");
		assertThat(storedKeys()).containsExactlyInAnyOrder(redisKey("42"), redisKey("HIGH"),
				redisKey("AccountId[id=7]"), redisKey("SimpleKey [a, 1]"), redisKey("[AccountId[id=1], 2]"),
				redisKey("[1, 2]"));
		assertThat(cache.get(42L, String.class)).isEqualTo("long");
		assertThat(cache.get(new AccountId("7"), String.class)).isEqualTo("record");
		assertThat(cache.get(new int[] { 1, 2 }, String.class)).isEqualTo("array");
	}

	@Test
	void keyWithoutItsOwnToStringIsRefusedBeforeAnyIo() {
		Cache cache = newCache();
		for (Object key : List.of(new PlainKey("1"), List.of("a", new PlainKey("2")),
				new Object[] { new PlainKey("3") })) {
			assertThatIllegalStateException().isThrownBy(() -> cache.put(key, "v"))
				.withMessageContaining(PlainKey.class.getName())
				.withMessageContaining("override toString()");
			assertThatIllegalStateException().isThrownBy(() -> cache.get(key));
			assertThatIllegalStateException().isThrownBy(() -> cache.putIfAbsent(key, "v"));
			assertThatIllegalStateException().isThrownBy(() -> cache.get(key, () -> "v"));
			assertThatIllegalStateException().isThrownBy(() -> cache.evictIfPresent(key));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> cache.put(null, "v")).withMessageContaining("key");
		assertThat(storedKeys()).isEmpty();
	}

	@Test
	void cacheThatDisallowsNullsRefusesThemBeforeAnyIoAndStoresNothing() throws Exception {
		Cache cache = newManager(false).getCache("accounts");
		assertThatIllegalArgumentException().isThrownBy(() -> cache.put("k", null))
			.withMessageContaining("'accounts'")
			.withMessageContaining("earnbase.redis.cache.cache-null-values")
			.withMessageContaining("unless");
		assertThatIllegalArgumentException().isThrownBy(() -> cache.putIfAbsent("k", null));
		assertThatIllegalArgumentException().isThrownBy(() -> cache.get("k", () -> null));
		CompletableFuture<Object> retrieved = cache.retrieve("k", () -> CompletableFuture.completedFuture(null));
		assertThatThrownBy(() -> retrieved.get(5, TimeUnit.SECONDS)).cause()
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(storedKeys()).isEmpty();
		cache.put("k", "v");
		assertThat(cache.get("k", String.class)).isEqualTo("v");
		// A null another instance cached (one that allows nulls) is a miss here, never a
		// NullValue handed out.
		newCache().put("nothing", null);
		assertThat(cache.get("nothing")).isNull();
		assertThat(cache.retrieve("nothing").get(5, TimeUnit.SECONDS)).isNull();
	}

	/** A cached value type of the application. */
	record Account(String id, long balance) {
	}

	/** A key type that is a record, so it has a toString() of its own. */
	record AccountId(String id) {
	}

	/** An enum key. */
	enum Level {

		HIGH

	}

	/** A key type with equals and hashCode but no toString() of its own. */
	static final class PlainKey {

		private final String id;

		PlainKey(String id) {
			this.id = id;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof PlainKey key && key.id.equals(this.id);
		}

		@Override
		public int hashCode() {
			return this.id.hashCode();
		}

	}

}
