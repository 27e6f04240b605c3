package com.earnbase.redis.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.earnbase.redis.JsonType;
import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisSerializationException;
import com.earnbase.redis.testsupport.RedisTopology;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The {@link RedisCache} against a real Redis; subclasses choose the deployment. Each
 * test uses its own prefix, so the "two JVMs" tests build two independent clients on the
 * same prefix.
 */
abstract class AbstractCacheIntegrationTests {

	private static final int THREADS = 32;

	private final String prefix = topology().newPrefix("cache");

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
		for (String key : topology().raw().keys(this.prefix + ":*")) {
			topology().raw().del(key);
		}
		this.clients.forEach(LettuceRedisClient::close);
	}

	private LettuceRedisClient newClient(Duration defaultTtl) {
		LettuceRedisClient client = topology().clientBuilder()
			.prefix(this.prefix)
			.defaultTtl(defaultTtl)
			.meterRegistry(this.registry)
			.build();
		this.clients.add(client);
		return client;
	}

	/**
	 * The options every cache of the suite gets on top of a test's own: none here; a
	 * subclass runs the whole suite with a near cache.
	 * @param options the test's options
	 * @return the options to build the cache with
	 */
	protected RedisCacheOptions suiteOptions(RedisCacheOptions options) {
		return options;
	}

	/** A cache on a client of its own, as another JVM would have. */
	private RedisCache newCache(RedisCacheOptions options) {
		return new RedisCache(newClient(null), suiteOptions(options));
	}

	private RedisCache newCache() {
		return newCache(RedisCacheOptions.defaults());
	}

	private String valueKey(String key) {
		return this.prefix + ":cache:{" + key + "}";
	}

	@Test
	void continuationsOfAsyncResultsMayCallRedis() throws Exception {
		// A continuation that blocks on Redis deadlocks if the future completes on
		// Lettuce's event loop.
		RedisCache cache = newCache();
		cache.put("warm", "v", Duration.ofMinutes(1));
		for (int round = 0; round < 20; round++) {
			String chained = cache
				.getOrSetAsync("warm", String.class, Duration.ofMinutes(1),
						() -> CompletableFuture.completedFuture("x"))
				.thenApply((value) -> value + cache.get("warm", String.class).orElseThrow())
				.get(5, TimeUnit.SECONDS);
			assertThat(chained).isEqualTo("vv");
			Object looked = cache.lookupRecordedAsync("warm", (type) -> true)
				.thenApply((hit) -> cache.get("warm", String.class).orElseThrow())
				.get(5, TimeUnit.SECONDS);
			assertThat(looked).isEqualTo("v");
		}
	}

	@Test
	void falsyValuesAreHits() {
		RedisCache cache = newCache();
		AtomicInteger calls = new AtomicInteger();
		for (int round = 0; round < 2; round++) {
			assertThat(cache.getOrSet("zero", Integer.class, counted(calls, 0))).isZero();
			assertThat(cache.getOrSet("empty", String.class, counted(calls, ""))).isEmpty();
			assertThat(cache.getOrSet("false", Boolean.class, counted(calls, false))).isFalse();
			assertThat(cache.getOrSet("list", new JsonType<List<String>>() {
			}, Duration.ofMinutes(1), counted(calls, List.of()))).isEmpty();
		}
		assertThat(calls).hasValue(4);
		assertThat(cache.get("zero", Integer.class)).contains(0);
		assertThat(cache.get("false", Boolean.class)).contains(false);
	}

	@Test
	void valuesRoundTripAsJsonUnderPrefixAndNamespace() {
		RedisCache cache = newCache();
		User alice = new User("123", "Alice", List.of("admin"));
		assertThat(cache.getOrSet("user:123", User.class, Duration.ofMinutes(5), () -> alice)).isEqualTo(alice);
		assertThat(cache.getOrSet("user:123", User.class, Duration.ofMinutes(5), () -> null)).isEqualTo(alice);
		assertThat(cache.get("user:123", User.class)).contains(alice);
		assertThat(topology().raw().get(valueKey("user:123"))).contains("\"name\":\"Alice\"");
	}

	@Test
	void nullIsCachedAsAbsentForTheNullTtl() {
		RedisCache cache = newCache(RedisCacheOptions.defaults().withNullTtl(Duration.ofMillis(700)));
		AtomicInteger calls = new AtomicInteger();
		assertThat(cache.getOrSet("user:404", User.class, Duration.ofMinutes(5), counted(calls, null))).isNull();
		assertThat(cache.getOrSet("user:404", User.class, Duration.ofMinutes(5), counted(calls, null))).isNull();
		assertThat(calls).hasValue(1);
		assertThat(cache.get("user:404", User.class)).isEmpty();
		assertThat(topology().raw().pttl(valueKey("user:404"))).isBetween(1L, 700L);
		await().atMost(Duration.ofSeconds(3)).until(() -> topology().raw().exists(valueKey("user:404")) == 0);
		assertThat(cache.getOrSet("user:404", User.class, Duration.ofMinutes(5), counted(calls, null))).isNull();
		assertThat(calls).hasValue(2);
	}

	@Test
	void factoryExceptionReachesTheCallerUnchangedAndNothingIsCached() {
		RedisCache cache = newCache();
		IllegalStateException failure = new IllegalStateException("database down");
		assertThatThrownBy(() -> cache.getOrSet("k", String.class, () -> {
			throw failure;
		})).isSameAs(failure);
		assertThat(topology().raw().exists(valueKey("k"), valueKey("k") + ":lease")).isZero();
		assertThat(cache.getOrSet("k", String.class, () -> "recovered")).isEqualTo("recovered");
	}

	@Test
	void concurrentCallersInOneJvmShareOneFactoryCall() throws Exception {
		RedisCache cache = newCache();
		AtomicInteger calls = new AtomicInteger();
		List<String> results = runConcurrently(THREADS,
				() -> cache.getOrSet("hot", String.class, Duration.ofMinutes(1), slow(calls, "computed", 300)));
		assertThat(results).hasSize(THREADS).containsOnly("computed");
		assertThat(calls).hasValue(1);
		double coalesced = this.registry.get("earnbase.redis.cache.coalesced").counter().count();
		// A late caller may find the value in Redis, or (with a near cache) a local copy.
		double hits = this.registry.get("earnbase.redis.cache.requests").tag("result", "hit").counter().count()
				+ this.registry.get("earnbase.redis.cache.requests").tag("result", "near_hit").counter().count();
		assertThat(coalesced + hits).isEqualTo(THREADS - 1);
	}

	@Test
	void concurrentCallersInTwoClientsShareOneFactoryCall() throws Exception {
		RedisCache first = newCache();
		RedisCache second = newCache();
		AtomicInteger calls = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		List<Future<String>> futures = new ArrayList<>();
		for (int i = 0; i < 2 * THREADS; i++) {
			RedisCache cache = (i % 2 == 0) ? first : second;
			futures.add(this.threads.submit(() -> {
				start.await();
				return cache.getOrSet("hot", String.class, Duration.ofMinutes(1), slow(calls, "computed", 300));
			}));
		}
		start.countDown();
		for (Future<String> future : futures) {
			assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("computed");
		}
		assertThat(calls).hasValue(1);
	}

	@Test
	void waiterGetsTheValueAnotherInstanceWritesWithoutComputing() throws Exception {
		RedisCache waiting = newCache();
		RedisCache writing = newCache();
		topology().raw().set(valueKey("k") + ":lease", "other-instance", io.lettuce.core.SetArgs.Builder.px(10_000));
		AtomicInteger calls = new AtomicInteger();
		Future<String> waiter = this.threads
			.submit(() -> waiting.getOrSet("k", String.class, Duration.ofMinutes(1), counted(calls, "mine")));
		Thread.sleep(200);
		assertThat(waiter).isNotDone();
		long written = System.nanoTime();
		writing.put("k", "theirs", Duration.ofMinutes(1));
		assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("theirs");
		assertThat(Duration.ofNanos(System.nanoTime() - written)).isLessThan(Duration.ofSeconds(2));
		assertThat(calls).hasValue(0);
	}

	@Test
	void waitersComputeThemselvesWhenTheLeaseOutlivesTheLeaseTime() {
		RedisCache cache = newCache(RedisCacheOptions.defaults().withLeaseTime(Duration.ofMillis(400)));
		// A lease left by a crashed instance; it would block for a minute without the
		// bounded wait.
		topology().raw().set(valueKey("k") + ":lease", "crashed-instance", io.lettuce.core.SetArgs.Builder.px(60_000));
		AtomicInteger calls = new AtomicInteger();
		long start = System.nanoTime();
		assertThat(cache.getOrSet("k", String.class, Duration.ofMinutes(1), counted(calls, "computed")))
			.isEqualTo("computed");
		Duration waited = Duration.ofNanos(System.nanoTime() - start);
		assertThat(waited).isBetween(Duration.ofMillis(400), Duration.ofSeconds(3));
		assertThat(calls).hasValue(1);
		assertThat(topology().raw().get(valueKey("k") + ":lease")).isEqualTo("crashed-instance");
		assertThat(cache.get("k", String.class)).contains("computed");
	}

	@Test
	void failedLoadReleasesTheLeaseSoThatAWaiterInAnotherClientComputesAtOnce() throws Exception {
		RedisCache failing = newCache();
		RedisCache waiting = newCache();
		IllegalStateException failure = new IllegalStateException("database down");
		CountDownLatch loading = new CountDownLatch(1);
		Future<String> first = this.threads
			.submit(() -> failing.getOrSet("k", String.class, Duration.ofMinutes(1), () -> {
				loading.countDown();
				slow(new AtomicInteger(), "ignored", 300).get();
				throw failure;
			}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();
		Future<String> second = this.threads
			.submit(() -> waiting.getOrSet("k", String.class, Duration.ofMinutes(1), () -> "second"));
		assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).cause().isSameAs(failure);
		assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
		// Far below the 10 s lease: the waiter was woken by the release, not by the lease
		// expiring.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void leaseIsReleasedWhenTheOwnerWritesTheValue() {
		RedisCache cache = newCache();
		cache.getOrSet("k", String.class, () -> "v");
		assertThat(topology().raw().exists(valueKey("k") + ":lease")).isZero();
	}

	@Test
	void earlyRefreshRecomputesOnceInTheBackgroundWhileCallersGetTheCurrentValue() throws Exception {
		// beta 50 with a 400 ms computation makes each hit of a 2 s entry refresh with
		// about 90 % chance.
		RedisCache cache = newCache(RedisCacheOptions.defaults().withEarlyRefresh(true, 50));
		AtomicInteger calls = new AtomicInteger();
		assertThat(cache.getOrSet("k", String.class, Duration.ofSeconds(2), slow(calls, "v1", 400))).isEqualTo("v1");
		long start = System.nanoTime();
		List<String> results = runConcurrently(THREADS,
				() -> cache.getOrSet("k", String.class, Duration.ofSeconds(2), slow(calls, "v2", 800)));
		// The refresh takes 800 ms; callers that waited for it would have taken as long
		// and got v2.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(800));
		assertThat(results).containsOnly("v1");
		await().atMost(Duration.ofSeconds(3)).until(() -> topology().raw().get(valueKey("k")).contains("v2"));
		assertThat(calls).hasValue(2);
		assertThat(topology().raw().pttl(valueKey("k"))).isGreaterThan(1000);
	}

	@Test
	void withoutEarlyRefreshHitsNeverRecompute() throws Exception {
		RedisCache cache = newCache();
		AtomicInteger calls = new AtomicInteger();
		cache.getOrSet("k", String.class, Duration.ofSeconds(1), slow(calls, "v1", 200));
		runConcurrently(THREADS, () -> cache.getOrSet("k", String.class, Duration.ofSeconds(1), counted(calls, "v2")));
		Thread.sleep(100);
		assertThat(calls).hasValue(1);
	}

	@Test
	void ttlsAreAsConfigured() {
		RedisCache cache = newCache(RedisCacheOptions.defaults().withTtl(Duration.ofSeconds(42)));
		cache.getOrSet("default", String.class, () -> "v");
		cache.getOrSet("explicit", String.class, Duration.ofMinutes(5), () -> "v");
		cache.put("put", "v", Duration.ofSeconds(7));
		assertThat(topology().raw().pttl(valueKey("default"))).isBetween(40_000L, 42_000L);
		assertThat(topology().raw().pttl(valueKey("explicit"))).isBetween(298_000L, 300_000L);
		assertThat(topology().raw().pttl(valueKey("put"))).isBetween(5_000L, 7_000L);

		RedisCache clientTtl = new RedisCache(newClient(Duration.ofSeconds(77)),
				suiteOptions(RedisCacheOptions.defaults()));
		RedisCache fallback = newCache();
		assertThat(clientTtl.defaultTtl()).isEqualTo(Duration.ofSeconds(77));
		assertThat(fallback.defaultTtl()).isEqualTo(RedisCacheOptions.FALLBACK_TTL);
		fallback.getOrSet("fallback", String.class, () -> "v");
		assertThat(topology().raw().pttl(valueKey("fallback"))).isBetween(3_590_000L, 3_600_000L);
	}

	@Test
	void asyncGetOrSetComputesOnceAndHits() throws Exception {
		RedisCache cache = newCache();
		AtomicInteger calls = new AtomicInteger();
		Supplier<CompletionStage<String>> factory = () -> {
			calls.incrementAndGet();
			return CompletableFuture.supplyAsync(() -> "async",
					CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
		};
		List<CompletableFuture<String>> futures = new ArrayList<>();
		for (int i = 0; i < THREADS; i++) {
			futures.add(cache.getOrSetAsync("k", String.class, Duration.ofMinutes(1), factory));
		}
		for (CompletableFuture<String> future : futures) {
			assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo("async");
		}
		assertThat(cache.getOrSetAsync("k", String.class, Duration.ofMinutes(1), factory).get(5, TimeUnit.SECONDS))
			.isEqualTo("async");
		assertThat(calls).hasValue(1);
	}

	@Test
	void asyncFactoryFailureFailsTheFutureWithTheSameException() {
		RedisCache cache = newCache();
		IllegalStateException failure = new IllegalStateException("remote API down");
		CompletableFuture<String> thrown = cache.getOrSetAsync("a", String.class, Duration.ofMinutes(1), () -> {
			throw failure;
		});
		CompletableFuture<String> failed = cache.getOrSetAsync("b", String.class, Duration.ofMinutes(1),
				() -> CompletableFuture.failedFuture(failure));
		for (CompletableFuture<String> future : List.of(thrown, failed)) {
			assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
				.cause()
				.isSameAs(failure);
		}
		assertThat(topology().raw().exists(valueKey("a"), valueKey("b"))).isZero();
	}

	@Test
	void putGetAndEvict() {
		RedisCache cache = newCache();
		assertThat(cache.get("k", String.class)).isEmpty();
		cache.put("k", "v", Duration.ofMinutes(1));
		assertThat(cache.get("k", String.class)).contains("v");
		assertThat(cache.evict("k")).isTrue();
		assertThat(cache.evict("k")).isFalse();
		assertThat(cache.get("k", String.class)).isEmpty();
		cache.put("nothing", null, Duration.ofMinutes(1));
		assertThat(cache.getOrSet("nothing", String.class, () -> "computed")).isNull();
	}

	@Test
	void putIfAbsentStoresOnlyWhenMissingAndReturnsTheValueAlreadyThere() {
		RedisCache cache = newCache();
		assertThat(cache.putIfAbsentRecorded("k", "first", Duration.ofMinutes(1), (type) -> true)).isNull();
		String stored = topology().raw().get(valueKey("k"));
		assertThat(cache.putIfAbsentRecorded("k", "second", Duration.ofMinutes(1), (type) -> true))
			.isEqualTo(new CachedValue("first"));
		assertThat(topology().raw().get(valueKey("k"))).isEqualTo(stored);
		assertThat(topology().raw().pttl(valueKey("k"))).isBetween(50_000L, 60_000L);
		// The envelope is the one put writes, so every reader reads it.
		cache.put("put", "first", Duration.ofMinutes(1));
		assertThat(stored).isEqualTo(topology().raw().get(valueKey("put")));
		assertThat(cache.get("k", String.class)).contains("first");
		assertThat(cache.putIfAbsentRecorded("absent", null, Duration.ofMinutes(1), (type) -> true)).isNull();
		assertThat(topology().raw().pttl(valueKey("absent"))).isBetween(1L,
				RedisCacheOptions.DEFAULT_NULL_TTL.toMillis());
		assertThat(cache.putIfAbsentRecorded("absent", "v", Duration.ofMinutes(1), (type) -> true))
			.isEqualTo(new CachedValue(null));
		assertThat(this.registry.get("earnbase.redis.command")
			.tags("command", "cache.put-if-absent", "outcome", "success")
			.timer()
			.count()).isEqualTo(4);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> cache.putIfAbsentRecorded("k", "v", Duration.ZERO, (type) -> true))
			.withMessageContaining("expire");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> cache.putIfAbsentRecorded("k", "v", Duration.ofMinutes(1), null))
			.withMessageContaining("trustedTypes");
	}

	@Test
	void plainCommandsAreTimedUnderTheirOperation() {
		RedisCache cache = newCache();
		cache.put("k", "v", Duration.ofMinutes(1));
		cache.get("k", String.class);
		cache.evict("k");
		cache.clear();
		for (String operation : List.of("cache.get", "cache.evict", "cache.clear")) {
			assertThat(this.registry.get("earnbase.redis.command")
				.tags("command", operation, "outcome", "success")
				.timer()
				.count()).as(operation).isPositive();
		}
	}

	@Test
	void callsAfterCloseFailClearlyAndCloseIsIdempotent() {
		RedisCache cache = newCache();
		cache.put("k", "v", Duration.ofMinutes(1));
		cache.close();
		cache.close();
		Supplier<String> factory = () -> "computed";
		assertThatIllegalStateException().isThrownBy(() -> cache.getOrSet("k", String.class, factory))
			.withMessage("Cache is closed");
		assertThatIllegalStateException().isThrownBy(() -> cache.getOrSetAsync("k", String.class, Duration.ofMinutes(1),
				() -> CompletableFuture.completedFuture("computed")))
			.withMessage("Cache is closed");
		assertThatIllegalStateException().isThrownBy(() -> cache.get("k", String.class)).withMessage("Cache is closed");
		assertThatIllegalStateException().isThrownBy(() -> cache.put("k", "w", Duration.ofMinutes(1)))
			.withMessage("Cache is closed");
		assertThatIllegalStateException().isThrownBy(() -> cache.evict("k")).withMessage("Cache is closed");
		assertThatIllegalStateException().isThrownBy(cache::clear).withMessage("Cache is closed");
		assertThatIllegalStateException().isThrownBy(() -> cache.lookupRecorded("k", (type) -> true))
			.withMessage("Cache is closed");
		assertThatIllegalStateException().isThrownBy(() -> cache.lookupRecordedAsync("k", (type) -> true))
			.withMessage("Cache is closed");
		assertThat(topology().raw().get(valueKey("k"))).contains("\"v\":\"v\"");
	}

	@Test
	void closeShutsDownTheOwnLoaderPoolButNeitherAGivenExecutorNorTheClient() throws Exception {
		LettuceRedisClient client = newClient(null);
		RedisCache cache = new RedisCache(client, suiteOptions(RedisCacheOptions.defaults()));
		AtomicReference<Thread> loader = new AtomicReference<>();
		cache.getOrSetAsync("k", String.class, Duration.ofMinutes(1), () -> {
			loader.set(Thread.currentThread());
			return CompletableFuture.completedFuture("v");
		}).get(5, TimeUnit.SECONDS);
		assertThat(loader.get().getName()).startsWith("earnbase-cache-loader-");
		cache.close();
		// An idle loader thread lives 30 s unless its pool is shut down.
		await().atMost(Duration.ofSeconds(5)).until(() -> !loader.get().isAlive());

		RedisCache onGiven = new RedisCache(client, suiteOptions(RedisCacheOptions.defaults()), this.threads);
		onGiven.close();
		assertThat(this.threads.isShutdown()).isFalse();
		client.set("still-open", "yes");
		assertThat(client.get("still-open")).isEqualTo("yes");
	}

	@Test
	void recordedTypeIsReadOnlyWhenTrusted() {
		RedisCache cache = newCache();
		User bob = new User("7", "Bob", List.of());
		cache.put("user:7", bob, Duration.ofMinutes(1));
		assertThat(cache.lookupRecorded("user:7", (name) -> name.startsWith("com.earnbase.")))
			.isEqualTo(new CachedValue(bob));
		assertThat(cache.lookupRecorded("missing", (name) -> true)).isNull();
		cache.put("absent", null, Duration.ofMinutes(1));
		assertThat(cache.lookupRecorded("absent", (name) -> false)).isEqualTo(new CachedValue(null));
		assertThatThrownBy(() -> cache.lookupRecorded("user:7", (name) -> name.startsWith("java.")))
			.isInstanceOf(RedisSerializationException.class)
			.hasMessageContaining("not trusted");
	}

	@Test
	void valueOfAnotherTypeFailsWithSerializationError() {
		RedisCache cache = newCache();
		cache.put("k", "text", Duration.ofMinutes(1));
		assertThatThrownBy(() -> cache.get("k", Integer.class)).isInstanceOf(RedisSerializationException.class);
		topology().raw().set(valueKey("plain"), "not an envelope");
		assertThatThrownBy(() -> cache.get("plain", String.class)).isInstanceOf(RedisSerializationException.class);
	}

	@Test
	void unserializableValueFailsTheCallerAndReleasesTheLease() {
		RedisCache cache = newCache();
		assertThatThrownBy(() -> cache.getOrSet("k", Object.class, Object::new))
			.isInstanceOf(RedisSerializationException.class);
		await().atMost(Duration.ofSeconds(2)).until(() -> topology().raw().exists(valueKey("k") + ":lease") == 0);
		assertThat(topology().raw().exists(valueKey("k"))).isZero();
	}

	@Test
	void unreadableValueFromAnotherInstanceFailsTheWaiterWithoutBlockingTheKey() throws Exception {
		RedisCache waiting = newCache();
		RedisCache writing = newCache();
		topology().raw().set(valueKey("k") + ":lease", "other-instance", io.lettuce.core.SetArgs.Builder.px(10_000));
		Future<Integer> waiter = this.threads
			.submit(() -> waiting.getOrSet("k", Integer.class, Duration.ofMinutes(1), () -> 1));
		Thread.sleep(200);
		writing.put("k", "not a number", Duration.ofMinutes(1));
		assertThatThrownBy(() -> waiter.get(5, TimeUnit.SECONDS)).cause()
			.isInstanceOf(RedisSerializationException.class);
		writing.evict("k");
		topology().raw().del(valueKey("k") + ":lease");
		Future<Integer> next = this.threads
			.submit(() -> waiting.getOrSet("k", Integer.class, Duration.ofMinutes(1), () -> 7));
		assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo(7);
	}

	@Test
	void badInputFailsNamingTheArgument() {
		RedisCache cache = newCache();
		Supplier<String> factory = () -> "v";
		assertThatIllegalArgumentException().isThrownBy(() -> cache.getOrSet(null, String.class, factory))
			.withMessageContaining("key");
		assertThatIllegalArgumentException().isThrownBy(() -> cache.getOrSet(" ", String.class, factory))
			.withMessageContaining("key");
		assertThatIllegalArgumentException().isThrownBy(() -> cache.getOrSet("k", (Class<String>) null, factory))
			.withMessageContaining("type");
		assertThatIllegalArgumentException().isThrownBy(() -> cache.getOrSet("k", String.class, null))
			.withMessageContaining("factory");
		assertThatIllegalArgumentException().isThrownBy(() -> cache.getOrSet("k", String.class, Duration.ZERO, factory))
			.withMessageContaining("expire");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> cache.getOrSetAsync("k", String.class, Duration.ofSeconds(-1),
					() -> CompletableFuture.completedFuture("v")))
			.withMessageContaining("expire");
		assertThatIllegalArgumentException().isThrownBy(() -> cache.put("k", "v", null))
			.withMessageContaining("expire");
		assertThatIllegalArgumentException().isThrownBy(() -> cache.evict("")).withMessageContaining("key");
		assertThatIllegalArgumentException().isThrownBy(() -> RedisCacheOptions.defaults().withLeaseTime(Duration.ZERO))
			.withMessageContaining("leaseTime");
		assertThat(topology().raw().keys(this.prefix + ":*")).isEmpty();
	}

	@Test
	void metricsCountHitsMissesAndLoadsTaggedByCacheNameNeverByKey() {
		RedisCache cache = newCache(RedisCacheOptions.defaults().withCacheName("users"));
		cache.getOrSet("a", String.class, () -> "v");
		cache.getOrSet("a", String.class, () -> "v");
		cache.getOrSet("b", String.class, () -> null);
		assertThatThrownBy(() -> cache.getOrSet("c", String.class, () -> {
			throw new IllegalStateException();
		}));
		assertThat(requests("hit")).isEqualTo(1);
		assertThat(requests("miss")).isEqualTo(3);
		assertThat(this.registry.get("earnbase.redis.cache.load")
			.tags("cache", "users", "outcome", "success")
			.timer()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("earnbase.redis.cache.load")
			.tags("cache", "users", "outcome", "absent")
			.timer()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("earnbase.redis.cache.load")
			.tags("cache", "users", "outcome", "error")
			.timer()
			.count()).isEqualTo(1);
		for (Meter meter : this.registry.getMeters()) {
			if (meter.getId().getName().startsWith("earnbase.redis.cache.")) {
				assertThat(meter.getId().getTags()).extracting(io.micrometer.core.instrument.Tag::getKey)
					.isSubsetOf("cache", "result", "outcome");
			}
		}
	}

	private double requests(String result) {
		Counter counter = this.registry.get("earnbase.redis.cache.requests")
			.tags("cache", "users", "result", result)
			.counter();
		return counter.count();
	}

	private <T> List<T> runConcurrently(int count, java.util.concurrent.Callable<T> task) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Future<T>> futures = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			futures.add(this.threads.submit(() -> {
				start.await();
				return task.call();
			}));
		}
		start.countDown();
		List<T> results = new ArrayList<>();
		for (Future<T> future : futures) {
			results.add(future.get(10, TimeUnit.SECONDS));
		}
		return results;
	}

	private static <T> Supplier<T> counted(AtomicInteger calls, T value) {
		return () -> {
			calls.incrementAndGet();
			return value;
		};
	}

	private static <T> Supplier<T> slow(AtomicInteger calls, T value, long millis) {
		return () -> {
			calls.incrementAndGet();
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return value;
		};
	}

	/** A value type as applications cache them. */
	record User(String id, String name, List<String> roles) {
	}

}
