package com.earnbase.redis;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.earnbase.redis.testsupport.FaultProxy;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The client under network and server faults, injected by a {@link FaultProxy} between
 * the client and a dedicated {@code redis-server}: no call outlives the command timeout,
 * failures are the library's typed exceptions naming the operation, the client heals by
 * itself, non-idempotent commands are not applied twice, and nothing leaks.
 */
class RedisClientFaultIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	/**
	 * How much later than the command timeout a failing call may return: the await margin
	 * plus scheduling delays on a loaded build machine. A hang would exceed it by far.
	 */
	private static final Duration MARGIN = Duration.ofMillis(1000);

	/** How soon after a fault ends ordinary commands must work again. */
	private static final Duration RECOVERY = Duration.ofSeconds(5);

	private static RedisServerProcess server;

	private static StatefulRedisConnection<String, String> rawConnection;

	private FaultProxy proxy;

	private LettuceRedisClient client;

	@BeforeAll
	static void startServer() {
		server = RedisTestServer.dedicated();
		rawConnection = server.connect();
	}

	@AfterAll
	static void stopServer() {
		rawConnection.close();
		server.close();
	}

	@BeforeEach
	void connect() {
		if (!server.isRunning()) {
			server.restart();
		}
		raw().flushall();
		this.proxy = FaultProxy.to(server);
		this.client = clientBuilder().build();
	}

	@AfterEach
	void close() {
		this.client.close();
		this.proxy.close();
	}

	private RedisClientBuilder clientBuilder() {
		return RedisClient.builder()
			.url(this.proxy.url())
			.prefix("fault")
			.timeout(TIMEOUT)
			.connectTimeout(Duration.ofSeconds(2));
	}

	private static RedisCommands<String, String> raw() {
		return rawConnection.sync();
	}

	@Test
	void blackholedCallsTimeOutInTimeAndTheClientRecovers() {
		this.client.set("k", "v");
		this.proxy.blackhole();
		assertFailsInTime("get", RedisOperationTimeoutException.class, () -> this.client.get("k"));
		assertFailsInTime("set", RedisOperationTimeoutException.class, () -> this.client.set("k", "w"));
		assertFailsInTime("incr", RedisOperationTimeoutException.class, () -> this.client.increment("n"));
		assertFailsInTime("get", RedisOperationTimeoutException.class, () -> join(this.client.async().get("k")));
		assertFailsInTime("ping", RedisOperationTimeoutException.class, this.client::ping);
		this.proxy.restore();
		awaitRecovery();
	}

	@Test
	void cutConnectionsAreReopenedWithoutHelp() {
		this.client.set("k", "v");
		for (int i = 0; i < 3; i++) {
			this.proxy.cutConnections();
			awaitRecovery();
			assertThat(this.client.get("k")).isEqualTo("v");
		}
		assertThat(this.proxy.connectionCount()).isEqualTo(1);
	}

	@Test
	void slowRepliesSucceedBelowTheTimeoutAndFailInTimeAboveIt() {
		this.client.set("k", "v");
		this.proxy.replyLatency(Duration.ofMillis(150));
		long start = System.nanoTime();
		assertThat(this.client.get("k")).isEqualTo("v");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(140));
		this.proxy.replyLatency(Duration.ofSeconds(3));
		assertFailsInTime("get", RedisOperationTimeoutException.class, () -> this.client.get("k"));
		assertFailsInTime("set", RedisOperationTimeoutException.class, () -> join(this.client.async().set("k", "w")));
		this.proxy.replyLatency(Duration.ZERO);
		awaitRecovery();
	}

	@Test
	void openingAConnectionIsBoundedByTheConnectTimeoutAndCommandsByTheCommandTimeout() {
		this.proxy.replyLatency(Duration.ofMillis(300));
		try (LettuceRedisClient slow = clientBuilder().timeout(Duration.ofMillis(100))
			.connectTimeout(Duration.ofSeconds(5))
			.build()) {
			assertThatThrownBy(() -> slow.get("k")).isInstanceOf(RedisOperationTimeoutException.class);
			this.proxy.replyLatency(Duration.ZERO);
			awaitRecovery(slow);
		}
		this.proxy.replyLatency(Duration.ofMillis(1500));
		long start = System.nanoTime();
		assertThatThrownBy(
				() -> clientBuilder().timeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofMillis(300)).build())
			.isInstanceOf(RedisConnectionLostException.class)
			.hasMessageContaining("'connect'");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300).plus(MARGIN));
		this.proxy.replyLatency(Duration.ZERO);
	}

	@Test
	void refusedConnectionsFailInTimeAndTheClientRecoversWhenAccepted() {
		this.proxy.refuse();
		assertFailsInTimeWhileDown("get", () -> this.client.get("k"));
		assertFailsInTimeWhileDown("set", () -> this.client.set("k", "v"));
		assertFailsInTimeWhileDown("incr", () -> join(this.client.async().increment("n")));
		this.proxy.accept();
		awaitRecovery();
	}

	@Test
	void stoppedServerFailsInTimeAndARestartedOneIsUsedAgain() {
		this.client.set("k", "v");
		server.stop();
		assertFailsInTimeWhileDown("get", () -> this.client.get("k"));
		assertFailsInTimeWhileDown("set", () -> this.client.set("k", "v"));
		server.restart();
		awaitRecovery();
		assertThat(this.client.get("k")).as("a restarted server without persistence is empty").isNull();
	}

	@Test
	void killedServerIsUsedAgainSoonAfterALongOutage() throws InterruptedException {
		server.kill();
		// Long enough for Lettuce's default back-off (doubling up to 30 s) to wait
		// seconds between attempts.
		long outageEnd = System.nanoTime() + Duration.ofMillis(4500).toNanos();
		while (System.nanoTime() < outageEnd) {
			assertFailsInTimeWhileDown("get", () -> this.client.get("k"));
		}
		server.restart();
		awaitRecovery();
	}

	@Test
	void inFlightIncrementIsNeverAppliedTwice() throws Exception {
		try (LettuceRedisClient patient = clientBuilder().timeout(Duration.ofSeconds(3)).build()) {
			patient.increment("n");
			this.proxy.replyLatency(Duration.ofSeconds(10));
			CompletableFuture<Long> inFlight = patient.async().increment("n");
			awaitServerValue("fault:n", "2");
			this.proxy.cutConnections();
			// The server applied the INCR but its reply was lost with the connection: the
			// caller must hear that the
			// outcome is unknown instead of Lettuce silently sending it again after the
			// reconnect.
			assertThatThrownBy(() -> join(inFlight)).isInstanceOf(RedisConnectionLostException.class)
				.hasMessageContaining("'incr'");
			awaitRecovery(patient);
			assertThat(raw().get("fault:n")).as("applied once").isEqualTo("2");
			assertThat(patient.increment("n")).isEqualTo(3);
		}
	}

	@Test
	void inFlightSetIfAbsentIsNeverReportedAsLostAfterItWon() throws Exception {
		try (LettuceRedisClient patient = clientBuilder().timeout(Duration.ofSeconds(3)).build()) {
			patient.ping();
			this.proxy.replyLatency(Duration.ofSeconds(10));
			CompletableFuture<Boolean> inFlight = patient.async().setIfAbsent("once", "mine", Duration.ofMinutes(1));
			awaitServerValue("fault:once", "mine");
			this.proxy.cutConnections();
			// Replayed, SET NX would answer "not set" although this caller's value is the
			// one stored.
			assertThatThrownBy(() -> join(inFlight)).isInstanceOf(RedisConnectionLostException.class)
				.hasMessageContaining("'set'");
			assertThat(raw().get("fault:once")).isEqualTo("mine");
		}
	}

	@Test
	void inFlightPublishIsNeverDeliveredTwice() throws Throwable {
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		try (LettuceRedisClient patient = clientBuilder().timeout(Duration.ofSeconds(3)).build();
				StatefulRedisPubSubConnection<String, String> subscriber = server.connectPubSub()) {
			subscriber.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void message(String channel, String message) {
					received.add(message);
				}
			});
			subscriber.sync().subscribe("fault:news");
			patient.ping();
			this.proxy.replyLatency(Duration.ofSeconds(10));
			CompletableFuture<Long> inFlight = patient.async().publish("news", "once");
			assertThat(received.poll(2, TimeUnit.SECONDS)).isEqualTo("once");
			this.proxy.cutConnections();
			assertThatThrownBy(() -> join(inFlight)).isInstanceOf(RedisConnectionLostException.class)
				.hasMessageContaining("'publish'");
			awaitRecovery(patient);
			assertThat(patient.publish("news", "after")).isEqualTo(1);
			assertThat(received.poll(2, TimeUnit.SECONDS)).as("no replayed duplicate before it").isEqualTo("after");
		}
	}

	@Test
	void inFlightReadIsRepeatedAfterTheReconnect() throws Exception {
		try (LettuceRedisClient patient = clientBuilder().timeout(Duration.ofSeconds(3)).build()) {
			patient.set("k", "v");
			this.proxy.replyLatency(Duration.ofSeconds(10));
			CompletableFuture<String> inFlight = patient.async().get("k");
			Thread.sleep(100);
			this.proxy.cutConnections();
			assertThat(inFlight.get(3, TimeUnit.SECONDS)).isEqualTo("v");
		}
	}

	@Test
	void readsAreRetriedThroughAShortOutageWhenConfigured() throws Throwable {
		try (LettuceRedisClient retrying = clientBuilder().retryReads(6, Duration.ofMillis(50)).build()) {
			retrying.set("k", "v");
			this.proxy.blackhole();
			CompletableFuture<Void> heal = CompletableFuture.runAsync(this.proxy::restore,
					CompletableFuture.delayedExecutor(700, TimeUnit.MILLISECONDS));
			assertThat(retrying.get("k")).isEqualTo("v");
			heal.join();
			this.proxy.blackhole();
			CompletableFuture.runAsync(this.proxy::restore,
					CompletableFuture.delayedExecutor(700, TimeUnit.MILLISECONDS));
			assertThat(join(retrying.async().getJson("k", Object.class).exceptionally((ex) -> "not JSON")))
				.isEqualTo("not JSON");
			assertThat(join(retrying.async().exists("k"))).isTrue();
		}
	}

	@Test
	void retriesStopAfterMaxAttemptsAndWritesAreNeverRetried() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (LettuceRedisClient retrying = clientBuilder().retryReads(3, Duration.ofMillis(50))
			.meterRegistry(registry)
			.build()) {
			this.proxy.blackhole();
			long start = System.nanoTime();
			assertThatThrownBy(() -> retrying.ttl("k")).isInstanceOf(RedisOperationTimeoutException.class)
				.hasMessageContaining("'ttl'");
			// Three attempts of one timeout each, 50 + 100 ms apart.
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT.multipliedBy(3))
				.isLessThan(TIMEOUT.multipliedBy(3).plus(Duration.ofMillis(150)).plus(MARGIN));
			assertThat(registry.get(CommandMetrics.TIMER).tags("command", "ttl", "outcome", "error").timer().count())
				.isEqualTo(3);
			assertFailsInTime("incr", RedisOperationTimeoutException.class, () -> retrying.increment("n"));
			assertFailsInTime("set", RedisOperationTimeoutException.class, () -> retrying.set("k", "v"));
			assertFailsInTime("set", RedisOperationTimeoutException.class,
					() -> join(retrying.async().setJson("k", "v")));
			this.proxy.restore();
			awaitRecovery(retrying);
		}
	}

	@Test
	void retrySettingsAreChecked() {
		assertThatThrownBy(() -> clientBuilder().retryReads(0, Duration.ZERO).build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("retryReads.maxAttempts");
		assertThatThrownBy(() -> clientBuilder().retryReads(2, Duration.ofMillis(-1)).build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("retryReads.backoff");
	}

	@Test
	void threadsAndConnectionsReturnToTheirStartingLevelAfterFiftyFaultCycles() throws Exception {
		this.client.close();
		cycle();
		// Baseline once the warm-up client is fully gone: only the test's own raw
		// connection, and a settled thread
		// count (Netty starts a few JVM-wide threads on first use, and event loops stop
		// asynchronously).
		long connectionsBefore = 1;
		awaitAtMost(Duration.ofSeconds(5), "only the raw connection left", () -> serverConnections() == 1);
		int threadsBefore = settledThreadCount();
		for (int i = 0; i < 50; i++) {
			cycle();
		}
		awaitAtMost(Duration.ofSeconds(10), "server connections back to " + connectionsBefore,
				() -> serverConnections() <= connectionsBefore);
		awaitAtMost(Duration.ofSeconds(10), "JVM threads back to " + threadsBefore,
				() -> threadCount() <= threadsBefore);
		System.out.println("measured: after 50 cycles threads " + threadsBefore + " -> " + threadCount()
				+ ", server connections " + connectionsBefore + " -> " + serverConnections());
		this.client = clientBuilder().build();
	}

	/**
	 * One connect / fault / recover / close cycle: a cut, then a blackhole while
	 * reconnecting.
	 */
	private void cycle() {
		try (LettuceRedisClient cycling = clientBuilder().timeout(Duration.ofMillis(100)).build()) {
			cycling.set("k", "v");
			this.proxy.cutConnections();
			this.proxy.blackhole();
			assertThatThrownBy(() -> cycling.get("k")).isInstanceOf(RedisOperationTimeoutException.class);
			this.proxy.restore();
			awaitRecovery(cycling);
		}
	}

	private static int settledThreadCount() throws InterruptedException {
		int previous = -1;
		int current = threadCount();
		for (int i = 0; i < 25 && current != previous; i++) {
			Thread.sleep(200);
			previous = current;
			current = threadCount();
		}
		return current;
	}

	private static int threadCount() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	private static long serverConnections() {
		return raw().clientList().lines().filter((line) -> !line.isBlank()).count();
	}

	private void awaitRecovery() {
		awaitRecovery(this.client);
	}

	private static void awaitRecovery(LettuceRedisClient client) {
		long start = System.nanoTime();
		awaitAtMost(RECOVERY, "commands succeed again", () -> {
			try {
				client.set("recovery", "ok");
				return "ok".equals(client.get("recovery"));
			}
			catch (EarnbaseRedisException ex) {
				return false;
			}
		});
		System.out.println("measured: recovered " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
				+ " ms after the fault ended");
	}

	private static void awaitServerValue(String key, String expected) {
		awaitAtMost(Duration.ofSeconds(2), key + " = " + expected, () -> expected.equals(raw().get(key)));
	}

	static void awaitAtMost(Duration limit, String what, Supplier<Boolean> condition) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!condition.get()) {
			if (System.nanoTime() > deadline) {
				fail("not within " + limit + ": " + what);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	static void assertFailsInTime(String operation, Class<? extends EarnbaseRedisException> type,
			ThrowingCallable call) {
		long start = System.nanoTime();
		assertThatThrownBy(call).isInstanceOf(type).hasMessageContaining("'" + operation + "'");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as(operation + " returned in time")
			.isLessThan(TIMEOUT.plus(MARGIN));
	}

	/**
	 * While the server cannot be reached a call either waits for the reconnect until the
	 * timeout, or, when the connection breaks under it ("Connection reset"), fails at
	 * once with a connection error.
	 */
	static void assertFailsInTimeWhileDown(String operation, ThrowingCallable call) {
		long start = System.nanoTime();
		assertThatThrownBy(call)
			.isInstanceOfAny(RedisOperationTimeoutException.class, RedisConnectionLostException.class)
			.hasMessageContaining("'" + operation + "'");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as(operation + " returned in time")
			.isLessThan(TIMEOUT.plus(MARGIN));
	}

	/**
	 * Waits for a future and rethrows its failure as it is, as a caller of the async API
	 * sees it.
	 */
	static <T> T join(CompletableFuture<T> future) throws Throwable {
		try {
			return future.get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw ex.getCause();
		}
	}

}
