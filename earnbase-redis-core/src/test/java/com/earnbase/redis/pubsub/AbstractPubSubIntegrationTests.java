package com.earnbase.redis.pubsub;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.testsupport.RedisTopology;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@link PubSubService} contract against a real Redis, run once per topology by the
 * subclasses. Clients come only from {@link #topology()}; every test has its own prefix.
 */
abstract class AbstractPubSubIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final List<AutoCloseable> resources = new ArrayList<>();

	protected final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	protected LettuceRedisClient client;

	protected RedisPubSubService pubsub;

	/**
	 * The deployment under test.
	 * @return the topology
	 */
	protected abstract RedisTopology topology();

	/**
	 * The options of the services under test; a sharded cluster suite switches sharding
	 * on.
	 * @return the options
	 */
	protected PubSubOptions options() {
		return PubSubOptions.defaults();
	}

	/**
	 * Whether the count {@code publish} returns includes every subscribed connection. Not
	 * so with classic pub/sub on a cluster: PUBLISH counts only the subscribers of the
	 * node that took the message (it still reaches all).
	 * @return false to check receiver counts only as upper bounds
	 */
	protected boolean publishCountsEveryReceiver() {
		return true;
	}

	@BeforeEach
	void createService() {
		this.client = track(
				topology().clientBuilder().prefix(topology().newPrefix("pubsub")).meterRegistry(this.registry).build());
		this.pubsub = track(new RedisPubSubService(this.client, options()));
	}

	@AfterEach
	void closeResources() throws Exception {
		Collections.reverse(this.resources);
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void objectIsDeliveredAsJson() throws Exception {
		BlockingQueue<Order> received = new LinkedBlockingQueue<>();
		this.pubsub.subscribe("orders", Order.class, received::add);
		Order order = new Order("o-1", 3, Instant.parse("2026-01-02T03:04:05Z"));

		assertReceivers(this.pubsub.publish("orders", order), 1);

		assertThat(poll(received)).isEqualTo(order);
	}

	@Test
	void mapIsDeliveredAsJson() throws Exception {
		BlockingQueue<Map<?, ?>> received = new LinkedBlockingQueue<>();
		this.pubsub.subscribe("events", Map.class, received::add);
		Map<String, Object> event = Map.of("type", "evict", "keys", List.of("a", "b"), "count", 2);

		this.pubsub.publish("events", event);

		assertThat(poll(received)).isEqualTo(event);
	}

	@Test
	void messageIsJsonOnAChannelUnderPrefixAndNamespace() throws Exception {
		BlockingQueue<Order> received = new LinkedBlockingQueue<>();
		this.pubsub.subscribe("orders", Order.class, received::add);
		String redisChannel = this.client.prefix() + "channel:orders";
		assertThat(this.pubsub.redisChannel("orders")).isEqualTo(redisChannel);

		rawPublish(redisChannel, "{\"id\":\"raw\",\"quantity\":7,\"placedAt\":\"2026-01-02T03:04:05Z\"}");

		assertThat(poll(received)).isEqualTo(new Order("raw", 7, Instant.parse("2026-01-02T03:04:05Z")));
	}

	@Test
	void patternSubscriptionReceivesMatchingChannelsWithoutPrefix() throws Exception {
		assumePatternSubscriptions();
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		this.pubsub.psubscribe("orders.*", String.class, (channel, message) -> received.add(channel + "=" + message));

		this.pubsub.publish("orders.created", "a");
		this.pubsub.publish("users.created", "x");
		this.pubsub.publish("orders.paid", "b");

		// Channels hash to different cluster nodes, so their messages may arrive in
		// either order.
		assertThat(List.of(poll(received), poll(received))).containsExactlyInAnyOrder("orders.created=a",
				"orders.paid=b");
		assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void clientsWithDifferentPrefixesDoNotHearEachOther() throws Exception {
		LettuceRedisClient otherClient = track(topology().newClient("pubsub-other"));
		RedisPubSubService other = track(new RedisPubSubService(otherClient, options()));
		BlockingQueue<String> mine = new LinkedBlockingQueue<>();
		BlockingQueue<String> theirs = new LinkedBlockingQueue<>();
		this.pubsub.subscribe("news", String.class, mine::add);
		other.subscribe("news", String.class, theirs::add);

		assertReceivers(this.pubsub.publish("news", "mine"), 1);
		assertReceivers(other.publish("news", "theirs"), 1);

		assertThat(poll(mine)).isEqualTo("mine");
		assertThat(poll(theirs)).isEqualTo("theirs");
		assertThat(mine.poll(200, TimeUnit.MILLISECONDS)).isNull();
		assertThat(theirs.poll(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void patternMatchesOnlyItsOwnPrefix() throws Exception {
		assumePatternSubscriptions();
		// Unescaped, the pattern "<base>*:channel:*" would match the other client's
		// "<base>-other:channel:news".
		String base = topology().newPrefix("glob");
		LettuceRedisClient globClient = track(topology().clientBuilder().prefix(base + "*").build());
		LettuceRedisClient otherClient = track(topology().clientBuilder().prefix(base + "-other").build());
		RedisPubSubService glob = track(new RedisPubSubService(globClient, options()));
		RedisPubSubService other = track(new RedisPubSubService(otherClient, options()));
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		glob.psubscribe("*", String.class, (channel, message) -> received.add(channel + "=" + message));

		assertThat(other.publish("news", "other")).as("receivers outside the prefix").isZero();
		assertReceivers(glob.publish("news", "own"), 1);

		assertThat(poll(received)).isEqualTo("news=own");
	}

	@Test
	void globCharactersInAChannelAreLiteral() throws Exception {
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		this.pubsub.subscribe("alerts*", String.class, received::add);

		assertThat(this.pubsub.publish("alerts-disk", "no")).isZero();
		assertReceivers(this.pubsub.publish("alerts*", "yes"), 1);

		assertThat(poll(received)).isEqualTo("yes");
	}

	@Test
	void throwingHandlerKeepsItsSubscription() throws Exception {
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		Subscription subscription = this.pubsub.subscribe("jobs", String.class, (message) -> {
			if (message.equals("boom")) {
				throw new IllegalStateException("handler failure");
			}
			received.add(message);
		});

		this.pubsub.publish("jobs", "boom");
		this.pubsub.publish("jobs", "ok");

		assertThat(poll(received)).isEqualTo("ok");
		assertThat(subscription.isActive()).isTrue();
		assertThat(received("handler_error")).isEqualTo(1);
		// Counted once the handler returned, which may be just after the test saw the
		// message.
		await().atMost(WAIT).until(() -> received("success") == 1);
	}

	@Test
	void slowHandlerDoesNotDelayAnotherChannel() throws Exception {
		CountDownLatch slowStarted = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		BlockingQueue<String> slowReceived = new LinkedBlockingQueue<>();
		this.pubsub.subscribe("slow", String.class, (message) -> {
			slowStarted.countDown();
			awaitQuietly(release);
			slowReceived.add(message);
		});
		BlockingQueue<Integer> fastReceived = new LinkedBlockingQueue<>();
		this.pubsub.subscribe("fast", Integer.class, fastReceived::add);
		try {
			this.pubsub.publish("slow", "1");
			this.pubsub.publish("slow", "2");
			assertThat(slowStarted.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

			for (int i = 0; i < 20; i++) {
				this.pubsub.publish("fast", i);
			}
			List<Integer> fast = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				Integer next = fastReceived.poll(2, TimeUnit.SECONDS);
				assertThat(next).as("fast message %d while the slow handler is blocked", i).isNotNull();
				fast.add(next);
			}
			assertThat(fast).containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
			assertThat(slowReceived).isEmpty();
		}
		finally {
			release.countDown();
		}
		assertThat(poll(slowReceived)).isEqualTo("1");
		assertThat(poll(slowReceived)).isEqualTo("2");
	}

	@Test
	void eachSubscriptionReceivesItsMessagesInOrder() {
		int count = 1000;
		List<Integer> first = Collections.synchronizedList(new ArrayList<>());
		List<Integer> second = Collections.synchronizedList(new ArrayList<>());
		this.pubsub.subscribe("sequence", Integer.class, first::add);
		this.pubsub.subscribe("sequence", Integer.class, (number) -> {
			// Uneven work, so that messages handed to different threads would overtake
			// each other.
			if (number % 7 == 0) {
				Thread.yield();
			}
			second.add(number);
		});

		for (int i = 0; i < count; i++) {
			this.pubsub.publish("sequence", i);
		}

		List<Integer> expected = IntStream.range(0, count).boxed().toList();
		await().atMost(Duration.ofSeconds(10)).until(() -> first.size() == count && second.size() == count);
		assertThat(first).containsExactlyElementsOf(expected);
		assertThat(second).containsExactlyElementsOf(expected);
	}

	@Test
	void handlersRunOnHandlerThreads() throws Exception {
		BlockingQueue<String> threads = new LinkedBlockingQueue<>();
		this.pubsub.subscribe("where", String.class, (message) -> threads.add(Thread.currentThread().getName()));

		this.pubsub.publish("where", "x");

		assertThat(poll(threads)).startsWith("earnbase-pubsub-");
	}

	@Test
	void closedSubscriptionReceivesNothing() throws Exception {
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		Subscription subscription = this.pubsub.subscribe("news", String.class, received::add);
		this.pubsub.publish("news", "before");
		assertThat(poll(received)).isEqualTo("before");

		subscription.close();
		subscription.close();

		assertThat(subscription.isActive()).isFalse();
		assertThat(this.pubsub.publish("news", "after")).as("receivers after unsubscribe").isZero();
		assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void closingOneOfTwoSubscriptionsKeepsTheOther() throws Exception {
		BlockingQueue<String> first = new LinkedBlockingQueue<>();
		BlockingQueue<String> second = new LinkedBlockingQueue<>();
		Subscription closed = this.pubsub.subscribe("news", String.class, first::add);
		this.pubsub.subscribe("news", String.class, second::add);

		closed.close();

		assertReceivers(this.pubsub.publish("news", "still"), 1);
		assertThat(poll(second)).isEqualTo("still");
		assertThat(first.poll(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void concurrentSubscribesAndClosesOnOneChannelKeepRedisSubscribedExactlyWhileNeeded() throws Exception {
		BlockingQueue<String> kept = new LinkedBlockingQueue<>();
		this.pubsub.subscribe("shared", String.class, kept::add);
		int threads = 4;
		int rounds = 25;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				results.add(pool.submit(() -> {
					int unheard = 0;
					for (int i = 0; i < rounds; i++) {
						Subscription shared = this.pubsub.subscribe("shared", String.class, (message) -> {
						});
						Subscription solo = this.pubsub.subscribe("solo", String.class, (message) -> {
						});
						// While this thread's subscription is open, another thread's
						// close must not unsubscribe Redis.
						if (this.pubsub.publish("solo", "ping") != 1 && publishCountsEveryReceiver()) {
							unheard++;
						}
						solo.close();
						shared.close();
					}
					return unheard;
				}));
			}
			for (Future<Integer> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS)).as("publishes nobody heard").isZero();
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(this.pubsub.publish("solo", "after")).as("receivers once every solo subscription closed").isZero();
		kept.clear();
		assertReceivers(this.pubsub.publish("shared", "after"), 1);
		assertThat(poll(kept)).isEqualTo("after");
	}

	@Test
	void handlerMayCloseItsOwnSubscription() throws Exception {
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		AtomicReference<Subscription> self = new AtomicReference<>();
		self.set(this.pubsub.subscribe("once", String.class, (message) -> {
			received.add(message);
			self.get().close();
		}));

		this.pubsub.publish("once", "first");

		assertThat(poll(received)).isEqualTo("first");
		await().atMost(WAIT).until(() -> this.pubsub.publish("once", "again") == 0);
		assertThat(self.get().isActive()).isFalse();
	}

	@Test
	void undecodableMessageIsCountedAndNotDelivered() throws Exception {
		BlockingQueue<Order> received = new LinkedBlockingQueue<>();
		this.pubsub.subscribe("orders", Order.class, received::add);
		Order order = new Order("o-2", 1, Instant.parse("2026-01-02T03:04:05Z"));

		rawPublish(this.pubsub.redisChannel("orders"), "{not json");
		rawPublish(this.pubsub.redisChannel("orders"), "null");
		this.pubsub.publish("orders", order);

		assertThat(poll(received)).isEqualTo(order);
		assertThat(received("decode_error")).isEqualTo(2);
		await().atMost(WAIT).until(() -> received("success") == 1);
	}

	@Test
	void publishReturnsTheNumberOfSubscribedConnections() {
		assumeTrue(publishCountsEveryReceiver(), "PUBLISH counts only the receivers of one node");
		assertThat(this.pubsub.publish("count", "nobody")).isZero();
		this.pubsub.subscribe("count", String.class, (message) -> {
		});
		assertReceivers(this.pubsub.publish("count", "one"), 1);
		this.pubsub.subscribe("count", String.class, (message) -> {
		});
		assertReceivers(this.pubsub.publish("count", "same connection"), 1);
	}

	@Test
	void countersTagDirectionAndOutcome() throws Exception {
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		this.pubsub.subscribe("metered", String.class, received::add);

		this.pubsub.publish("metered", "a");
		this.pubsub.publish("metered", "b");
		poll(received);
		poll(received);

		Counter published = this.registry.get(PubSubMetrics.COUNTER)
			.tag("direction", "published")
			.tag("outcome", "success")
			.counter();
		assertThat(published.count()).isEqualTo(2);
		assertThat(published.getId().getTag("channel")).isNull();
		await().atMost(WAIT).until(() -> received("success") == 2);
	}

	@Test
	void countersTagTheChannelWhenAskedTo() throws Exception {
		RedisPubSubService tagged = track(
				new RedisPubSubService(this.client, options().withNamespace("tagged").withTagChannels(true)));
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		tagged.subscribe("metered", String.class, received::add);

		tagged.publish("metered", "a");
		poll(received);

		assertThat(this.registry.get(PubSubMetrics.COUNTER)
			.tags("direction", "published", "outcome", "success", "channel", "metered")
			.counter()
			.count()).isEqualTo(1);
		await().atMost(WAIT)
			.until(() -> this.registry.find(PubSubMetrics.COUNTER)
				.tags("direction", "received", "outcome", "success", "channel", "metered")
				.counter() != null);
	}

	@Test
	void fullQueueRejectsAndCountsMessages() throws Exception {
		RedisPubSubService bounded = track(new RedisPubSubService(this.client,
				options().withNamespace("bounded").withHandlerThreads(1).withHandlerQueueCapacity(5)));
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger handled = new AtomicInteger();
		bounded.subscribe("burst", Integer.class, (number) -> {
			awaitQuietly(release);
			handled.incrementAndGet();
		});
		int published = 30;
		try {
			for (int i = 0; i < published; i++) {
				bounded.publish("burst", i);
			}
			// One message is with the blocked handler (or about to be), five wait, the
			// rest are rejected.
			await().atMost(WAIT).until(() -> received("rejected") >= published - 6);
		}
		finally {
			release.countDown();
		}
		await().atMost(WAIT).until(() -> handled.get() + received("rejected") == published);
		assertThat(handled.get()).isBetween(5, 6);
	}

	@Test
	void closeWaitsForQueuedMessages() {
		assumeAllMessagesArriveBeforeClose();
		RedisPubSubService draining = track(
				new RedisPubSubService(this.client, options().withNamespace("draining").withHandlerThreads(1)));
		AtomicInteger handled = new AtomicInteger();
		Subscription subscription = draining.subscribe("work", Integer.class, (number) -> {
			sleep(5);
			handled.incrementAndGet();
		});
		for (int i = 0; i < 50; i++) {
			draining.publish("work", i);
		}

		draining.close();

		// Close waited for Redis to confirm the unsubscribe, which comes after every
		// message published before it.
		assertThat(handled.get()).isEqualTo(50);
		assertThat(subscription.isActive()).isFalse();
		assertThat(this.pubsub.publish("work", 1)).isZero();
	}

	@Test
	void closeGivesUpAfterTheShutdownTimeout() throws Exception {
		assumeAllMessagesArriveBeforeClose();
		RedisPubSubService stuck = track(new RedisPubSubService(this.client,
				options().withNamespace("stuck").withHandlerThreads(1).withShutdownTimeout(Duration.ofMillis(300))));
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch never = new CountDownLatch(1);
		AtomicInteger interrupted = new AtomicInteger();
		AtomicInteger handled = new AtomicInteger();
		stuck.subscribe("work", Integer.class, (number) -> {
			started.countDown();
			try {
				never.await();
			}
			catch (InterruptedException ex) {
				interrupted.incrementAndGet();
			}
			handled.incrementAndGet();
		});
		for (int i = 0; i < 5; i++) {
			stuck.publish("work", i);
		}
		assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

		long start = System.nanoTime();
		stuck.close();

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		await().atMost(WAIT).until(() -> interrupted.get() == 1);
		assertThat(handled.get()).isEqualTo(1);
		assertThat(received("rejected")).as("queued messages discarded on close").isEqualTo(4);
	}

	@Test
	void closedServiceRefusesWork() {
		RedisPubSubService closed = new RedisPubSubService(this.client, options());
		closed.close();

		assertThatIllegalStateException().isThrownBy(() -> closed.subscribe("x", String.class, (message) -> {
		}));
		assertThatIllegalStateException().isThrownBy(() -> closed.publish("x", "m"));
	}

	@Test
	void badArgumentsAreRejectedByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.pubsub.publish(" ", "m"))
			.withMessageContaining("channel");
		assertThatIllegalArgumentException().isThrownBy(() -> this.pubsub.publish("c", null))
			.withMessageContaining("message");
		assertThatIllegalArgumentException().isThrownBy(() -> this.pubsub.subscribe(null, String.class, (m) -> {
		})).withMessageContaining("channel");
		assertThatIllegalArgumentException().isThrownBy(() -> this.pubsub.subscribe("c", null, (m) -> {
		})).withMessageContaining("type");
		assertThatIllegalArgumentException().isThrownBy(() -> this.pubsub.subscribe("c", String.class, null))
			.withMessageContaining("handler");
		assertThatIllegalArgumentException().isThrownBy(() -> this.pubsub.psubscribe("", String.class, (c, m) -> {
		})).withMessageContaining("pattern");
		assertThatIllegalArgumentException().isThrownBy(() -> this.pubsub.onResubscribed(null))
			.withMessageContaining("listener");
	}

	// --- helpers
	// -------------------------------------------------------------------------------------------

	protected <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

	/**
	 * The close tests need every published message queued before close(); with classic
	 * pub/sub on a cluster they reach the subscriber's node over the cluster bus, later
	 * than publish returns.
	 */
	private void assumeAllMessagesArriveBeforeClose() {
		assumeTrue(publishCountsEveryReceiver(),
				"classic pub/sub on a cluster delivers to the subscriber's node asynchronously");
	}

	/**
	 * Whether the topology lets this client PSUBSCRIBE: sharded pub/sub has no patterns,
	 * and Redis checks a pattern against an ACL user's channel rules literally, so a user
	 * limited to {@code &app:*} may not subscribe to {@code app:x:channel:orders.*}.
	 * @return true when pattern subscriptions are allowed
	 */
	protected boolean supportsPatternSubscriptions() {
		return !options().sharded();
	}

	private void assumePatternSubscriptions() {
		assumeTrue(supportsPatternSubscriptions(), "pattern subscriptions are not available on this topology");
	}

	/**
	 * Checks the count {@code publish} returned, as an upper bound where it does not
	 * count every receiver.
	 */
	protected void assertReceivers(long receivers, long expected) {
		if (publishCountsEveryReceiver()) {
			assertThat(receivers).as("receivers").isEqualTo(expected);
		}
		else {
			assertThat(receivers).as("receivers on the publishing node").isBetween(0L, expected);
		}
	}

	protected void rawPublish(String redisChannel, String payload) {
		if (options().sharded()) {
			topology().raw().spublish(redisChannel, payload);
		}
		else {
			topology().raw().publish(redisChannel, payload);
		}
	}

	protected double received(String outcome) {
		Counter counter = this.registry.find(PubSubMetrics.COUNTER)
			.tags("direction", "received", "outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	protected static <T> T poll(BlockingQueue<T> queue) throws InterruptedException {
		T next = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(next).as("message received within " + WAIT).isNotNull();
		return next;
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** A message type with a nested time value. */
	record Order(String id, int quantity, Instant placedAt) {
	}

}
