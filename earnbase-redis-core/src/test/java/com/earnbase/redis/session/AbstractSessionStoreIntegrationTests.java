package com.earnbase.redis.session;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisSerializationException;
import com.earnbase.redis.testsupport.RedisTopology;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Every {@link SessionStore} method against a real Redis; subclasses choose the
 * deployment.
 */
public abstract class AbstractSessionStoreIntegrationTests {

	private static final Duration TTL = Duration.ofMinutes(1);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private String prefix;

	private LettuceRedisClient client;

	private RedisSessionStore store;

	/**
	 * The deployment under test.
	 * @return the topology
	 */
	protected abstract RedisTopology topology();

	@BeforeEach
	void connect() {
		this.prefix = topology().newPrefix("session");
		this.client = topology().clientBuilder().prefix(this.prefix).meterRegistry(this.registry).build();
		this.store = store(SessionStoreOptions.defaults().withTtl(TTL));
	}

	@AfterEach
	void close() {
		this.client.close();
		RedisClusterCommands<String, String> raw = raw();
		ScanIterator<String> keys = ScanIterator.scan(raw, ScanArgs.Builder.matches(this.prefix + ":*").limit(1000));
		List<String> batch = new ArrayList<>();
		while (keys.hasNext()) {
			batch.add(keys.next());
			if (batch.size() == 1000 || !keys.hasNext()) {
				raw.del(batch.toArray(String[]::new));
				batch.clear();
			}
		}
	}

	private RedisSessionStore store(SessionStoreOptions options) {
		return new RedisSessionStore(this.client, options);
	}

	private RedisClusterCommands<String, String> raw() {
		return topology().raw();
	}

	private boolean stored(String sessionId) {
		return raw().exists(this.store.sessionKey(sessionId)) == 1;
	}

	private String indexKey(String ownerId) {
		return this.store.indexKey(SessionIds.ownerHash(ownerId));
	}

	// --- create, get, find
	// ---------------------------------------------------------------------------------

	@Test
	void createThenGetReturnsTheData() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("userId", "u-42");
		data.put("visits", 3);
		data.put("admin", true);
		data.put("roles", List.of("reader", "writer"));
		data.put("address", Map.of("city", "Lisbon"));
		String id = this.store.create(data);
		assertThat(this.store.get(id)).isEqualTo(data);
		assertThat(this.store.find(id)).contains(data);
	}

	@Test
	void createStoresAHashUnderTheNamespaceWithTheTtl() {
		String id = this.store.create(Map.of("userId", "u-1"));
		String key = this.store.sessionKey(id);
		assertThat(key).isEqualTo(this.prefix + ":session:{" + id.substring(0, 3) + "}:" + id);
		assertThat(raw().hget(key, "data")).isEqualTo("{\"userId\":\"u-1\"}");
		assertThat(raw().hexists(key, "owner")).isFalse();
		assertThat(raw().pttl(key)).isBetween(TTL.toMillis() - 2000, TTL.toMillis());
	}

	@Test
	void sessionTtlIsIndependentOfTheClientDefaultTtl() {
		try (LettuceRedisClient withDefaultTtl = topology().clientBuilder()
			.prefix(this.prefix)
			.defaultTtl(Duration.ofSeconds(5))
			.build()) {
			RedisSessionStore defaults = new RedisSessionStore(withDefaultTtl);
			String id = defaults.create(Map.of("a", 1));
			assertThat(raw().pttl(defaults.sessionKey(id))).isGreaterThan(Duration.ofMinutes(29).toMillis());
		}
	}

	@Test
	void getOfUnknownSessionThrowsWithoutTheIdInTheMessage() {
		String id = this.store.create(Map.of("a", 1));
		this.store.delete(id);
		assertThatExceptionOfType(SessionNotFoundException.class).isThrownBy(() -> this.store.get(id))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(id).contains("get"))
			.satisfies((ex) -> assertThat(ex.operation()).isEqualTo("get"));
		assertThat(this.store.find(id)).isEmpty();
	}

	@Test
	void emptyDataIsASession() {
		String id = this.store.create(Map.of());
		assertThat(this.store.get(id)).isEmpty();
		assertThat(this.store.touch(id)).isTrue();
	}

	@Test
	void dataLargerThanTheClientLimitIsRejectedBeforeAnyWrite() {
		try (LettuceRedisClient small = topology().clientBuilder().prefix(this.prefix).maxValueBytes(100).build()) {
			RedisSessionStore limited = new RedisSessionStore(small);
			assertThatIllegalArgumentException().isThrownBy(() -> limited.create(Map.of("blob", "x".repeat(200))))
				.withMessageContaining("maxValueBytes");
		}
	}

	// --- update
	// --------------------------------------------------------------------------------------------

	@Test
	void updateReplacesTheDataAndRenewsTheTtl() {
		String id = this.store.create(Map.of("step", 1, "cart", List.of("apple")));
		raw().pexpire(this.store.sessionKey(id), 5_000);
		this.store.update(id, Map.of("step", 2));
		assertThat(this.store.get(id)).isEqualTo(Map.of("step", 2));
		assertThat(raw().pttl(this.store.sessionKey(id))).isGreaterThan(TTL.toMillis() - 2000);
	}

	@Test
	void updateOfDeletedSessionThrowsAndDoesNotCreateIt() {
		String id = this.store.create(Map.of("a", 1));
		this.store.delete(id);
		assertThatExceptionOfType(SessionNotFoundException.class)
			.isThrownBy(() -> this.store.update(id, Map.of("a", 2)))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(id));
		assertThat(stored(id)).isFalse();
	}

	@Test
	void updateOfExpiredSessionDoesNotResurrectIt() {
		RedisSessionStore shortLived = store(SessionStoreOptions.defaults().withTtl(Duration.ofMillis(100)));
		String id = shortLived.create("alice", Map.of("a", 1));
		await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10)).until(() -> !stored(id));
		assertThatExceptionOfType(SessionNotFoundException.class).isThrownBy(() -> shortLived.update(id, Map.of()));
		assertThat(shortLived.touch(id)).isFalse();
		assertThat(stored(id)).isFalse();
		assertThat(shortLived.list("alice")).isEmpty();
	}

	@Test
	void updateRacingDeleteNeverResurrectsTheSession() throws Exception {
		int iterations = 500;
		int updatedFirst = 0;
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int i = 0; i < iterations; i++) {
				String id = this.store.create("racer", Map.of("version", 0));
				CyclicBarrier start = new CyclicBarrier(2);
				Future<Boolean> update = threads.submit(() -> {
					start.await();
					try {
						this.store.update(id, Map.of("version", 1));
						return true;
					}
					catch (SessionNotFoundException ex) {
						return false;
					}
				});
				Future<?> delete = threads.submit(() -> {
					start.await();
					// Vary the moment of the delete so that it lands on every point of
					// the update's way to Redis.
					long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(150_000);
					while (System.nanoTime() < until) {
						Thread.onSpinWait();
					}
					this.store.delete(id);
					return null;
				});
				updatedFirst += update.get(5, TimeUnit.SECONDS) ? 1 : 0;
				delete.get(5, TimeUnit.SECONDS);
				assertThat(stored(id)).as("session resurrected in iteration %d", i).isFalse();
				assertThat(this.store.find(id)).isEmpty();
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(this.store.list("racer")).isEmpty();
		assertThat(raw().exists(indexKey("racer"))).isZero();
		// Both orders happened, so the race was really run.
		assertThat(updatedFirst).isBetween(1, iterations - 1);
	}

	// --- delete, touch
	// ---------------------------------------------------------------------------------------

	@Test
	void deleteRemovesTheSessionAndIsIdempotent() {
		String id = this.store.create(Map.of("a", 1));
		String other = this.store.create(Map.of("b", 2));
		this.store.delete(id);
		assertThat(stored(id)).isFalse();
		assertThat(this.store.find(id)).isEmpty();
		this.store.delete(id);
		assertThat(this.store.get(other)).isEqualTo(Map.of("b", 2));
	}

	@Test
	void touchRenewsTheTtlOnly() {
		String id = this.store.create(Map.of("a", 1));
		String key = this.store.sessionKey(id);
		raw().pexpire(key, 5_000);
		assertThat(this.store.touch(id)).isTrue();
		assertThat(raw().pttl(key)).isGreaterThan(TTL.toMillis() - 2000);
		assertThat(this.store.get(id)).isEqualTo(Map.of("a", 1));
		this.store.delete(id);
		assertThat(this.store.touch(id)).isFalse();
		assertThat(stored(id)).isFalse();
	}

	// --- expiry and sliding
	// ------------------------------------------------------------------------------------

	@Test
	void sessionExpiresAfterItsTtl() {
		RedisSessionStore shortLived = store(
				SessionStoreOptions.defaults().withTtl(Duration.ofMillis(300)).withSliding(false));
		long start = System.nanoTime();
		String id = shortLived.create(Map.of("a", 1));
		assertThat(shortLived.get(id)).isEqualTo(Map.of("a", 1));
		await().atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> shortLived.find(id).isEmpty());
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
		assertThatExceptionOfType(SessionNotFoundException.class).isThrownBy(() -> shortLived.get(id));
	}

	@Test
	void slidingGetRenewsTheTtl() {
		String id = this.store.create(Map.of("a", 1));
		String key = this.store.sessionKey(id);
		raw().pexpire(key, 5_000);
		this.store.get(id);
		assertThat(raw().pttl(key)).isGreaterThan(TTL.toMillis() - 2000);
		raw().pexpire(key, 5_000);
		this.store.find(id);
		assertThat(raw().pttl(key)).isGreaterThan(TTL.toMillis() - 2000);
	}

	@Test
	void slidingReadsKeepASessionAliveLongerThanItsTtl() throws InterruptedException {
		RedisSessionStore shortLived = store(SessionStoreOptions.defaults().withTtl(Duration.ofMillis(1000)));
		String id = shortLived.create("alice", Map.of("a", 1));
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
		while (System.nanoTime() < end) {
			assertThat(shortLived.get(id)).isEqualTo(Map.of("a", 1));
			Thread.sleep(100);
		}
		assertThat(shortLived.list("alice")).containsExactly(id);
		await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10)).until(() -> !stored(id));
		assertThat(shortLived.list("alice")).isEmpty();
	}

	@Test
	void nonSlidingGetDoesNotRenewTheTtl() {
		RedisSessionStore fixed = store(SessionStoreOptions.defaults().withTtl(TTL).withSliding(false));
		String id = fixed.create(Map.of("a", 1));
		String key = fixed.sessionKey(id);
		raw().pexpire(key, 5_000);
		assertThat(fixed.get(id)).isEqualTo(Map.of("a", 1));
		assertThat(fixed.find(id)).isPresent();
		assertThat(raw().pttl(key)).isLessThanOrEqualTo(5_000);
		assertThat(fixed.touch(id)).isTrue();
		assertThat(raw().pttl(key)).isGreaterThan(TTL.toMillis() - 2000);
	}

	@Test
	void nonSlidingSessionExpiresDespiteReads() throws InterruptedException {
		RedisSessionStore fixed = store(
				SessionStoreOptions.defaults().withTtl(Duration.ofMillis(400)).withSliding(false));
		long start = System.nanoTime();
		String id = fixed.create(Map.of("a", 1));
		while (fixed.find(id).isPresent()) {
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
			Thread.sleep(50);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(390),
				Duration.ofMillis(1500));
	}

	// --- owner index
	// -------------------------------------------------------------------------------------------

	@Test
	void listAndDeleteAllWorkPerOwner() {
		String a1 = this.store.create("alice", Map.of("device", "phone"));
		String a2 = this.store.create("alice", Map.of("device", "laptop"));
		String a3 = this.store.create("alice", Map.of("device", "tablet"));
		String b1 = this.store.create("bob", Map.of("device", "phone"));
		String anonymous = this.store.create(Map.of("device", "kiosk"));
		// Sessions created in the same millisecond expire together: their order is not
		// defined.
		assertThat(this.store.list("alice")).containsExactlyInAnyOrder(a1, a2, a3);
		assertThat(this.store.list("bob")).containsExactly(b1);
		assertThat(this.store.list("nobody")).isEmpty();

		assertThat(this.store.deleteAll("alice")).isEqualTo(3);
		assertThat(List.of(a1, a2, a3)).allSatisfy((id) -> assertThat(this.store.find(id)).isEmpty());
		assertThat(this.store.list("alice")).isEmpty();
		assertThat(raw().exists(indexKey("alice"))).isZero();
		assertThat(this.store.get(b1)).isEqualTo(Map.of("device", "phone"));
		assertThat(this.store.get(anonymous)).isEqualTo(Map.of("device", "kiosk"));
		assertThat(this.store.deleteAll("alice")).isZero();
		assertThat(this.store.deleteAll("nobody")).isZero();
	}

	@Test
	void listOrdersByExpirySoonestFirst() throws InterruptedException {
		// Expiry times are in milliseconds: the sleeps keep the three of them apart.
		String first = this.store.create("alice", Map.of("n", 1));
		Thread.sleep(5);
		String second = this.store.create("alice", Map.of("n", 2));
		assertThat(this.store.list("alice")).containsExactly(first, second);
		Thread.sleep(5);
		assertThat(this.store.touch(first)).isTrue();
		assertThat(this.store.list("alice")).containsExactly(second, first);
	}

	@Test
	void anOwnersSessionsAndIndexShareOneHashSlot() {
		int indexSlot = SlotHash.getSlot(indexKey("alice@example.com"));
		for (int i = 0; i < 20; i++) {
			String id = this.store.create("alice@example.com", Map.of("n", i));
			assertThat(SlotHash.getSlot(this.store.sessionKey(id))).isEqualTo(indexSlot);
			assertThat(SlotHash.getSlot(this.store.sessionKey(this.store.regenerate(id)))).isEqualTo(indexSlot);
		}
		assertThat(this.store.list("alice@example.com")).hasSize(20);
	}

	@Test
	void ownerIdDoesNotAppearInIdsOrKeys() {
		String owner = "alice@example.com";
		String id = this.store.create(owner, Map.of("a", 1));
		assertThat(id).doesNotContain("alice");
		assertThat(raw().hget(this.store.sessionKey(id), "owner")).isEqualTo(indexKey(owner)).doesNotContain("alice");
	}

	@Test
	void indexIsPrunedByScoreAfterExpiry() {
		// long enough that the three creates finish before the first expires on a loaded
		// machine (a create prunes expired entries)
		RedisSessionStore shortLived = store(SessionStoreOptions.defaults().withTtl(Duration.ofSeconds(1)));
		String expiring1 = shortLived.create("alice", Map.of("n", 1));
		String expiring2 = shortLived.create("alice", Map.of("n", 2));
		String lasting = this.store.create("alice", Map.of("n", 3));
		assertThat(raw().zcard(indexKey("alice"))).isEqualTo(3);
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> !stored(expiring1) && !stored(expiring2));
		// Expired entries are still in the index until a list, create or deleteAll prunes
		// them.
		assertThat(raw().zcard(indexKey("alice"))).isEqualTo(3);
		assertThat(this.store.list("alice")).containsExactly(lasting);
		assertThat(raw().zcard(indexKey("alice"))).isEqualTo(1);

		String expiring3 = shortLived.create("alice", Map.of("n", 4));
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> !stored(expiring3));
		this.store.create("alice", Map.of("n", 5));
		assertThat(raw().zcard(indexKey("alice"))).as("create prunes").isEqualTo(2);
	}

	@Test
	void deleteAllCountsOnlyLiveSessions() {
		RedisSessionStore shortLived = store(SessionStoreOptions.defaults().withTtl(Duration.ofMillis(100)));
		String expiring = shortLived.create("alice", Map.of("n", 1));
		this.store.create("alice", Map.of("n", 2));
		this.store.create("alice", Map.of("n", 3));
		await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10)).until(() -> !stored(expiring));
		assertThat(this.store.deleteAll("alice")).isEqualTo(2);
	}

	@Test
	void deleteRemovesTheSessionFromItsOwnersIndex() {
		String kept = this.store.create("alice", Map.of("n", 1));
		String deleted = this.store.create("alice", Map.of("n", 2));
		this.store.delete(deleted);
		assertThat(this.store.list("alice")).containsExactly(kept);
		assertThat(raw().zscore(indexKey("alice"), deleted)).isNull();
	}

	@Test
	void indexScoreFollowsTheSessionExpiry() {
		String id = this.store.create("alice", Map.of("n", 1));
		Consumer<String> sameExpiry = (sessionId) -> {
			long expireAt = raw().pexpiretime(this.store.sessionKey(sessionId));
			assertThat(raw().zscore(indexKey("alice"), sessionId)).isEqualTo((double) expireAt);
			assertThat(raw().pexpiretime(indexKey("alice"))).isGreaterThanOrEqualTo(expireAt);
		};
		sameExpiry.accept(id);
		raw().pexpire(this.store.sessionKey(id), 5_000);
		this.store.get(id);
		sameExpiry.accept(id);
		raw().pexpire(this.store.sessionKey(id), 5_000);
		this.store.touch(id);
		sameExpiry.accept(id);
		raw().pexpire(this.store.sessionKey(id), 5_000);
		this.store.update(id, Map.of("n", 2));
		sameExpiry.accept(id);
		sameExpiry.accept(this.store.regenerate(id));
	}

	@Test
	void indexLivesAsLongAsItsLongestSession() {
		RedisSessionStore shortLived = store(SessionStoreOptions.defaults().withTtl(Duration.ofMillis(200)));
		String lasting = this.store.create("alice", Map.of("n", 1));
		shortLived.create("alice", Map.of("n", 2));
		assertThat(raw().pexpiretime(indexKey("alice"))).isEqualTo(raw().pexpiretime(this.store.sessionKey(lasting)));
		RedisSessionStore brief = store(SessionStoreOptions.defaults().withTtl(Duration.ofMillis(300)));
		String only = brief.create("bob", Map.of("n", 1));
		assertThat(raw().pexpiretime(indexKey("bob"))).isEqualTo(raw().pexpiretime(brief.sessionKey(only)));
		await().atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> raw().exists(indexKey("bob")) == 0);
	}

	// --- regenerate
	// --------------------------------------------------------------------------------------------

	@Test
	void regenerateMovesTheDataToANewIdAndKillsTheOldOne() {
		String old = this.store.create("alice", Map.of("cart", List.of("apple")));
		String other = this.store.create("alice", Map.of("cart", List.of()));
		raw().pexpire(this.store.sessionKey(old), 5_000);
		String renewed = this.store.regenerate(old);
		assertThat(renewed).isNotEqualTo(old).matches("[A-Za-z0-9_-]{46}");
		assertThat(this.store.get(renewed)).isEqualTo(Map.of("cart", List.of("apple")));
		assertThat(this.store.find(old)).isEmpty();
		assertThat(stored(old)).isFalse();
		assertThatExceptionOfType(SessionNotFoundException.class).isThrownBy(() -> this.store.regenerate(old));
		assertThat(this.store.touch(old)).isFalse();
		assertThat(raw().pttl(this.store.sessionKey(renewed))).isGreaterThan(TTL.toMillis() - 2000);
		assertThat(this.store.list("alice")).containsExactlyInAnyOrder(other, renewed);
		assertThat(this.store.deleteAll("alice")).isEqualTo(2);
		assertThat(this.store.find(renewed)).isEmpty();
	}

	@Test
	void regenerateWorksForSessionsWithoutOwner() {
		String old = this.store.create(Map.of("a", 1));
		String renewed = this.store.regenerate(old);
		assertThat(renewed.substring(0, 3)).isEqualTo(old.substring(0, 3));
		assertThat(this.store.get(renewed)).isEqualTo(Map.of("a", 1));
		assertThat(stored(old)).isFalse();
		assertThat(raw().hexists(this.store.sessionKey(renewed), "owner")).isFalse();
	}

	@Test
	void regenerateOfUnknownSessionThrows() {
		String id = this.store.create(Map.of("a", 1));
		this.store.delete(id);
		assertThatExceptionOfType(SessionNotFoundException.class).isThrownBy(() -> this.store.regenerate(id))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(id));
	}

	// --- typed variants
	// ----------------------------------------------------------------------------------------

	/** An application's session class. */
	record LoginSession(String userId, List<String> roles, Instant loggedInAt) {
	}

	@Test
	void typedVariantsRoundTripTheApplicationsClass() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		LoginSession login = new LoginSession("u-7", List.of("admin"), now);
		String id = this.store.create(login);
		assertThat(this.store.get(id, LoginSession.class)).isEqualTo(login);
		assertThat(this.store.get(id)).containsEntry("userId", "u-7").containsEntry("roles", List.of("admin"));

		LoginSession promoted = new LoginSession("u-7", List.of("admin", "owner"), now);
		this.store.update(id, promoted);
		assertThat(this.store.get(id, LoginSession.class)).isEqualTo(promoted);

		String owned = this.store.create("u-7", login);
		assertThat(this.store.list("u-7")).containsExactly(owned);
		assertThat(this.store.get(owned, LoginSession.class)).isEqualTo(login);
	}

	@Test
	void typedGetOfUnknownSessionThrows() {
		String id = this.store.create(new LoginSession("u", List.of(), Instant.EPOCH));
		this.store.delete(id);
		assertThatExceptionOfType(SessionNotFoundException.class)
			.isThrownBy(() -> this.store.get(id, LoginSession.class));
		assertThatExceptionOfType(SessionNotFoundException.class)
			.isThrownBy(() -> this.store.update(id, new LoginSession("u", List.of(), Instant.EPOCH)));
	}

	@Test
	void typedGetOfIncompatibleDataFailsWithoutTheId() {
		String id = this.store.create(Map.of("roles", "not-a-list"));
		assertThatExceptionOfType(RedisSerializationException.class)
			.isThrownBy(() -> this.store.get(id, LoginSession.class))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(id).contains(this.prefix + ":session:*"));
		assertThat(counter("get", "error")).isEqualTo(1);
	}

	@Test
	void dataThatIsNotAJsonObjectIsRejected() {
		// A lone String picks the typed create(T): it is data, not an owner id.
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.create("alice"))
			.withMessageContaining("JSON object");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.create(List.of(1, 2)))
			.withMessageContaining("JSON object");
		String id = this.store.create(Map.of("a", 1));
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.update(id, 42));
		assertThat(this.store.get(id)).isEqualTo(Map.of("a", 1));
	}

	@Test
	void aMapOfAnotherTypeTakesTheTypedOverloadAndStoresTheSameJson() {
		Map<String, String> strings = Map.of("userId", "u-9");
		String id = this.store.create(strings);
		assertThat(raw().hget(this.store.sessionKey(id), "data")).isEqualTo("{\"userId\":\"u-9\"}");
		assertThat(this.store.get(id)).isEqualTo(Map.of("userId", "u-9"));
	}

	// --- bad input
	// ---------------------------------------------------------------------------------------------

	static List<String> malformedIds() {
		String valid = new SessionIds().newId();
		return List.of("", "   ", "abc", valid.substring(1), valid + "A", valid + "\n", " " + valid.substring(1),
				"+/+" + valid.substring(3), valid.substring(0, 45) + "=", "{ab}" + valid.substring(4), "*".repeat(46),
				"é".repeat(46), "../../../etc/passwd" + valid.substring(19),
				valid.substring(0, 20) + ":" + valid.substring(21));
	}

	private long redisCommands() {
		return this.registry.find("earnbase.redis.command").timers().stream().mapToLong(Timer::count).sum();
	}

	@Test
	void malformedIdsAreNotFoundWithoutAnyRedisCall() {
		long before = redisCommands();
		for (String bad : malformedIds()) {
			assertThatExceptionOfType(SessionNotFoundException.class).as(bad).isThrownBy(() -> this.store.get(bad));
			assertThatExceptionOfType(SessionNotFoundException.class)
				.isThrownBy(() -> this.store.get(bad, LoginSession.class));
			assertThat(this.store.find(bad)).isEmpty();
			assertThatExceptionOfType(SessionNotFoundException.class)
				.isThrownBy(() -> this.store.update(bad, Map.of("a", 1)));
			assertThatExceptionOfType(SessionNotFoundException.class)
				.isThrownBy(() -> this.store.update(bad, new LoginSession("u", List.of(), Instant.EPOCH)));
			assertThat(this.store.touch(bad)).isFalse();
			this.store.delete(bad);
			assertThatExceptionOfType(SessionNotFoundException.class).isThrownBy(() -> this.store.regenerate(bad));
		}
		assertThat(redisCommands()).as("Redis commands sent for malformed ids").isEqualTo(before);
		// The counter does see a lookup of a well-formed id, so the assertion above can
		// fail.
		assertThat(this.store.find(new SessionIds().newId())).isEmpty();
		assertThat(redisCommands()).isEqualTo(before + 1);
		assertThat(this.registry.get(RedisSessionStore.OPERATIONS_METRIC)
			.tags("operation", "get", "outcome", "invalid_id")
			.counter()
			.count()).isEqualTo(2.0 * malformedIds().size());
	}

	@Test
	void nullArgumentsAreIllegalAndNamed() {
		String id = this.store.create(Map.of("a", 1));
		Map<String, Object> nullMap = null;
		LoginSession nullSession = null;
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.get(null)).withMessageContaining("sessionId");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.get(null, LoginSession.class))
			.withMessageContaining("sessionId");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.get(id, null)).withMessageContaining("type");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.find(null)).withMessageContaining("sessionId");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.update(null, Map.of()))
			.withMessageContaining("sessionId");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.update(id, nullMap))
			.withMessageContaining("data");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.update(id, nullSession))
			.withMessageContaining("data");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.delete(null))
			.withMessageContaining("sessionId");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.touch(null))
			.withMessageContaining("sessionId");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.regenerate(null))
			.withMessageContaining("sessionId");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.create(nullMap)).withMessageContaining("data");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.create(nullSession))
			.withMessageContaining("data");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.create(null, Map.of()))
			.withMessageContaining("ownerId");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.create(" ", Map.of()))
			.withMessageContaining("ownerId");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.create("alice", nullMap))
			.withMessageContaining("data");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.list(null)).withMessageContaining("ownerId");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.deleteAll(""))
			.withMessageContaining("ownerId");
		assertThat(this.store.get(id)).isEqualTo(Map.of("a", 1));
	}

	// --- ids
	// ---------------------------------------------------------------------------------------------------

	@Test
	void idsAreUniqueUrlSafeAndOfOneShape() throws Exception {
		int count = 10_000;
		RedisSessionStore brief = store(SessionStoreOptions.defaults().withTtl(Duration.ofSeconds(5)));
		Set<String> ids = ConcurrentHashMap.newKeySet();
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> creators = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				creators.add(threads.submit(() -> {
					for (int i = 0; i < count / 8; i++) {
						ids.add(brief.create(Map.of()));
					}
				}));
			}
			for (Future<?> creator : creators) {
				creator.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(ids).hasSize(count).allSatisfy((id) -> assertThat(id).matches("[A-Za-z0-9_-]{46}"));
		Set<String> tags = new HashSet<>();
		ids.forEach((id) -> tags.add(id.substring(0, 3)));
		// Sessions without owner spread over the slots: 10,000 draws from 2^18 tags give
		// about 9,800 distinct.
		assertThat(tags).hasSizeGreaterThan(9_500);
	}

	// --- observability
	// -----------------------------------------------------------------------------------------

	@Test
	void operationsAreCountedByOperationAndOutcome() {
		String id = this.store.create("alice", Map.of("a", 1));
		this.store.get(id);
		this.store.find(id);
		this.store.update(id, Map.of("a", 2));
		this.store.touch(id);
		this.store.list("alice");
		String renewed = this.store.regenerate(id);
		this.store.find(id);
		this.store.delete(renewed);
		this.store.delete(renewed);
		this.store.deleteAll("alice");
		assertThatThrownBy(() -> this.store.get(id)).isInstanceOf(SessionNotFoundException.class);
		assertThat(counter("create", "success")).isEqualTo(1);
		assertThat(counter("get", "success")).isEqualTo(1);
		assertThat(counter("get", "not_found")).isEqualTo(1);
		assertThat(counter("find", "success")).isEqualTo(1);
		assertThat(counter("find", "not_found")).isEqualTo(1);
		assertThat(counter("update", "success")).isEqualTo(1);
		assertThat(counter("touch", "success")).isEqualTo(1);
		assertThat(counter("list", "success")).isEqualTo(1);
		assertThat(counter("regenerate", "success")).isEqualTo(1);
		assertThat(counter("delete", "success")).isEqualTo(1);
		assertThat(counter("delete", "not_found")).isEqualTo(1);
		assertThat(counter("delete_all", "success")).isEqualTo(1);
	}

	private double counter(String operation, String outcome) {
		return this.registry.get(RedisSessionStore.OPERATIONS_METRIC)
			.tags("operation", operation, "outcome", outcome)
			.counter()
			.count();
	}

	@Test
	void sessionIdsAppearInNoLogNorMetricTag() {
		Logger logger = (Logger) LoggerFactory.getLogger("com.earnbase");
		ListAppender<ILoggingEvent> events = new ListAppender<>();
		events.start();
		logger.addAppender(events);
		List<String> ids = new ArrayList<>();
		try {
			String id = this.store.create("alice", Map.of("a", 1));
			ids.add(id);
			this.store.get(id);
			this.store.update(id, Map.of("roles", "not-a-list"));
			String renewed = this.store.regenerate(id);
			ids.add(renewed);
			this.store.list("alice");
			this.store.find(id);
			this.store.touch(id);
			assertThatThrownBy(() -> this.store.update(id, Map.of())).isInstanceOf(SessionNotFoundException.class);
			assertThatThrownBy(() -> this.store.get(renewed, LoginSession.class))
				.isInstanceOf(RedisSerializationException.class);
			this.store.delete(renewed);
			this.store.deleteAll("alice");
		}
		finally {
			logger.detachAppender(events);
		}
		assertThat(events.list).as("the store logs its misses").isNotEmpty();
		for (ILoggingEvent event : events.list) {
			StringBuilder text = new StringBuilder(event.getFormattedMessage());
			if (event.getKeyValuePairs() != null) {
				event.getKeyValuePairs()
					.forEach((pair) -> text.append(' ').append(pair.key).append('=').append(pair.value));
			}
			assertThat(ids).allSatisfy((id) -> assertThat(text.toString()).doesNotContain(id));
		}
		for (Meter meter : this.registry.getMeters()) {
			for (Tag tag : meter.getId().getTags()) {
				assertThat(ids).allSatisfy((id) -> assertThat(tag.getValue()).doesNotContain(id));
			}
		}
	}

}
