package com.earnbase.redis;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.earnbase.redis.support.ChannelHub;
import com.earnbase.redis.support.ChannelHub.Kind;
import com.earnbase.redis.support.ChannelHub.Registration;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link LettuceChannelHub} against a standalone Redis of its own, so that command
 * statistics and subscription counts are this test's alone: one listener, reference
 * counting, per-name order, off-thread connecting, and resubscription after a restart.
 */
class StandaloneChannelHubIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private RedisServerProcess server;

	private LettuceRedisClient client;

	@BeforeEach
	void start() {
		this.server = RedisTestServer.dedicated();
		this.client = RedisClient.builder().url(this.server.url()).timeout(Duration.ofSeconds(2)).build();
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.close();
	}

	@Test
	void oneListenerCarriesEveryRegistration() throws Exception {
		// Counted through a proxy of the connection's public interface, not through
		// Lettuce's internals.
		AtomicInteger listeners = new AtomicInteger();
		try (LettuceChannelHub hub = new LettuceChannelHub(
				() -> countingListeners(this.server.connectPubSub(), listeners))) {
			BlockingQueue<String> received = new LinkedBlockingQueue<>();
			List<Registration> registrations = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				Kind kind = (i % 2 == 0) ? Kind.CHANNEL : Kind.PATTERN;
				String name = (kind == Kind.CHANNEL) ? "one:" + (i % 4) : "one:" + (i % 4) + "*";
				int index = i;
				registrations.add(hub.subscribe(kind, name, (channel, message) -> received.add(index + "=" + message)));
			}
			for (Registration registration : registrations) {
				registration.confirmed().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}

			assertThat(listeners.get()).as("pub/sub listeners on the connection").isEqualTo(1);
			// Even registrations hold the channels one:0 and one:2, odd ones the patterns
			// one:1* and one:3*.
			assertThat(publish("one:0", "m")).isEqualTo(1);
			assertThat(publish("one:1x", "m")).isEqualTo(1);
			List<String> heard = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				heard.add(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
			}
			assertThat(heard).containsExactlyInAnyOrder("0=m", "4=m", "8=m", "12=m", "16=m", "1=m", "5=m", "9=m",
					"13=m", "17=m");
			assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
		}
		assertThat(listeners.get()).as("listeners left after close").isZero();
	}

	@Test
	void aSecondRegistrationSendsNoSecondSubscribeAndTheLastCloseUnsubscribes() throws Exception {
		ChannelHub hub = this.client.channels();
		this.server.call((redis) -> redis.configResetstat());
		BlockingQueue<String> first = new LinkedBlockingQueue<>();
		BlockingQueue<String> second = new LinkedBlockingQueue<>();
		Registration one = hub.subscribe(Kind.CHANNEL, "shared", (channel, message) -> first.add(message));
		one.confirmed().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		Registration two = hub.subscribe(Kind.CHANNEL, "shared", (channel, message) -> second.add(message));
		two.confirmed().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

		assertThat(subscribeCalls()).as("SUBSCRIBE commands").isEqualTo(1);
		assertThat(publish("shared", "both")).isEqualTo(1);
		assertThat(first.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("both");
		assertThat(second.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("both");

		one.closeAsync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(numsub("shared")).as("subscribed while one registration is left").isEqualTo(1);
		assertThat(publish("shared", "second only")).isEqualTo(1);
		assertThat(second.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("second only");
		assertThat(first.poll(200, TimeUnit.MILLISECONDS)).isNull();

		two.closeAsync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(numsub("shared")).as("unsubscribed after the last close").isZero();
		hub.subscribe(Kind.CHANNEL, "shared", (channel, message) -> {
		}).confirmed().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(subscribeCalls()).as("a new first registration subscribes again").isEqualTo(2);
	}

	@Test
	void concurrentSubscribesAndClosesOfOneNameReachRedisInOrder() throws Exception {
		ChannelHub hub = this.client.channels();
		int threads = 8;
		int rounds = 200;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				results.add(pool.submit(() -> {
					int unheard = 0;
					for (int i = 0; i < rounds; i++) {
						Registration registration = hub.subscribe(Kind.CHANNEL, "churn", (channel, message) -> {
						});
						if (i % 2 == 0) {
							// While a confirmed registration is open, no other thread's
							// close may unsubscribe Redis.
							registration.confirmed().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
							if (publish("churn", "ping") != 1) {
								unheard++;
							}
						}
						registration.close();
					}
					return unheard;
				}));
			}
			for (Future<Integer> result : results) {
				assertThat(result.get(60, TimeUnit.SECONDS)).as("publishes nobody heard").isZero();
			}
		}
		finally {
			pool.shutdownNow();
		}
		RedisServerProcess.awaitUntil("every churned subscription gone", WAIT, () -> numsub("churn") == 0);

		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		Registration last = hub.subscribe(Kind.CHANNEL, "churn", (channel, message) -> received.add(message));
		last.confirmed().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		// Had an UNSUBSCRIBE overtaken its SUBSCRIBE anywhere above, Redis would now
		// disagree with the hub.
		assertThat(publish("churn", "final")).isEqualTo(1);
		assertThat(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("final");
		last.closeAsync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(numsub("churn")).isZero();
	}

	@Test
	void theConnectionOpensOffTheCallersThreadAndAFailedAttemptIsRetried() throws Exception {
		CountDownLatch mayConnect = new CountDownLatch(1);
		AtomicReference<String> connectingThread = new AtomicReference<>();
		AtomicInteger attempts = new AtomicInteger();
		try (LettuceChannelHub hub = new LettuceChannelHub(() -> {
			connectingThread.set(Thread.currentThread().getName());
			if (attempts.incrementAndGet() == 1) {
				throw new RedisConnectionLostException("connect", "refused for the test", null);
			}
			awaitQuietly(mayConnect);
			return this.server.connectPubSub();
		})) {
			Registration refused = hub.subscribe(Kind.CHANNEL, "late", (channel, message) -> {
			});
			assertThatThrownBy(() -> refused.confirmed().get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
				.hasRootCauseInstanceOf(RedisConnectionLostException.class);

			BlockingQueue<String> received = new LinkedBlockingQueue<>();
			long start = System.nanoTime();
			Registration registration = hub.subscribe(Kind.CHANNEL, "late",
					(channel, message) -> received.add(message));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("subscribe returns at once")
				.isLessThan(Duration.ofSeconds(1));
			assertThat(registration.confirmed()).isNotDone();
			mayConnect.countDown();

			registration.confirmed().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(connectingThread.get()).isNotEqualTo(Thread.currentThread().getName())
				.startsWith("earnbase-pubsub-hub-");
			assertThat(attempts.get()).isEqualTo(2);
			assertThat(publish("late", "arrived")).isEqualTo(1);
			assertThat(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("arrived");
		}
	}

	@Test
	void afterARestartEveryNameIsSubscribedAgainBeforeTheCallbacksRun() throws Exception {
		ChannelHub hub = this.client.channels();
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		hub.subscribe(Kind.CHANNEL, "news", (channel, message) -> received.add(channel + "=" + message))
			.confirmed()
			.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		hub.subscribe(Kind.PATTERN, "news.*", (channel, message) -> received.add(channel + "=" + message))
			.confirmed()
			.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		CompletableFuture<String> callback = new CompletableFuture<>();
		hub.onResubscribed(() -> {
			// Redis must already deliver both names to this connection when the callback
			// runs.
			long channels = numsub("news");
			long patterns = this.server.call((redis) -> redis.pubsubNumpat());
			callback.complete(Thread.currentThread().getName() + " channels=" + channels + " patterns=" + patterns);
		});

		this.server.stop();
		this.server.restart();

		assertThat(callback.get(20, TimeUnit.SECONDS)).startsWith("earnbase-pubsub-hub-")
			.endsWith(" channels=1 patterns=1");
		assertThat(publish("news", "again")).isEqualTo(1);
		assertThat(publish("news.sports", "again")).isEqualTo(1);
		assertThat(List.of(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS),
				received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)))
			.containsExactlyInAnyOrder("news=again", "news.sports=again");
	}

	private long subscribeCalls() {
		String stats = this.server.call((redis) -> redis.info("commandstats"));
		for (String line : stats.split("\r?\n")) {
			if (line.startsWith("cmdstat_subscribe:calls=")) {
				return Long.parseLong(line.substring("cmdstat_subscribe:calls=".length(), line.indexOf(',')));
			}
		}
		return 0;
	}

	private long numsub(String channel) {
		return this.server.call((redis) -> redis.pubsubNumsub(channel)).getOrDefault(channel, 0L);
	}

	private long publish(String channel, String message) {
		return this.server.call((redis) -> redis.publish(channel, message));
	}

	/**
	 * Wraps a connection so that the pub/sub listeners added and not removed are counted.
	 */
	@SuppressWarnings("unchecked")
	private static StatefulRedisPubSubConnection<String, String> countingListeners(
			StatefulRedisPubSubConnection<String, String> connection, AtomicInteger listeners) {
		return (StatefulRedisPubSubConnection<String, String>) Proxy.newProxyInstance(
				StandaloneChannelHubIntegrationTests.class.getClassLoader(),
				new Class<?>[] { StatefulRedisPubSubConnection.class }, (proxy, method, args) -> {
					if (args != null && args.length == 1 && args[0] instanceof RedisPubSubListener) {
						if (method.getName().equals("addListener")) {
							listeners.incrementAndGet();
						}
						else if (method.getName().equals("removeListener")) {
							listeners.decrementAndGet();
						}
					}
					try {
						return method.invoke(connection, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
