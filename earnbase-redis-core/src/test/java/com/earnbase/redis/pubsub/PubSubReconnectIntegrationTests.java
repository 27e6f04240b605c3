package com.earnbase.redis.pubsub;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Subscriptions survive a Redis restart: a server of this test's own is stopped (or
 * killed) and started again on the same port, and messages published afterwards reach
 * every existing subscription and pattern subscription.
 */
class PubSubReconnectIntegrationTests {

	/**
	 * "Within a few seconds": generous for a loaded CI machine, far below a subscription
	 * that never comes back.
	 */
	private static final Duration RECOVERY = Duration.ofSeconds(15);

	private RedisServerProcess server;

	private LettuceRedisClient client;

	private RedisPubSubService pubsub;

	@BeforeEach
	void start() {
		this.server = RedisTestServer.dedicated();
		this.client = RedisClient.builder()
			.url(this.server.url())
			.prefix(RedisTopology.uniquePrefix("reconnect"))
			.timeout(Duration.ofSeconds(2))
			.build();
		this.pubsub = new RedisPubSubService(this.client);
	}

	@AfterEach
	void stop() {
		this.pubsub.close();
		this.client.close();
		this.server.close();
	}

	@Test
	void subscriptionsReceiveAgainAfterRedisRestarts() throws Exception {
		assertSubscriptionsRecoverAfter(() -> {
			this.server.stop();
			this.server.restart();
		});
	}

	@Test
	void subscriptionsReceiveAgainAfterRedisCrashes() throws Exception {
		assertSubscriptionsRecoverAfter(() -> {
			this.server.kill();
			this.server.restart();
		});
	}

	private void assertSubscriptionsRecoverAfter(Runnable outage) throws Exception {
		BlockingQueue<String> channel = new LinkedBlockingQueue<>();
		BlockingQueue<String> sameChannel = new LinkedBlockingQueue<>();
		BlockingQueue<String> pattern = new LinkedBlockingQueue<>();
		AtomicInteger resubscribed = new AtomicInteger();
		BlockingQueue<String> listenerThreads = new LinkedBlockingQueue<>();
		this.pubsub.onResubscribed(() -> {
			listenerThreads.add(Thread.currentThread().getName());
			resubscribed.incrementAndGet();
		});
		this.pubsub.subscribe("news", String.class, channel::add);
		this.pubsub.subscribe("news", String.class, sameChannel::add);
		this.pubsub.psubscribe("news.*", String.class, (name, message) -> pattern.add(name + "=" + message));
		assertThat(this.pubsub.publish("news", "before")).isEqualTo(1);
		assertThat(channel.poll(5, TimeUnit.SECONDS)).isEqualTo("before");
		assertThat(sameChannel.poll(5, TimeUnit.SECONDS)).isEqualTo("before");

		outage.run();
		long restarted = System.nanoTime();

		// Publish until both subscriptions hear it again; the subscriptions themselves
		// are never touched.
		await().atMost(RECOVERY).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
			this.pubsub.publish("news", "after");
			this.pubsub.publish("news.sports", "after");
			return channel.poll() != null && pattern.poll() != null;
		});
		Duration recovery = Duration.ofNanos(System.nanoTime() - restarted);
		await().atMost(RECOVERY).until(() -> resubscribed.get() == 1);
		assertThat(listenerThreads.poll()).as("listener thread").startsWith("earnbase-pubsub-");
		System.out.println("pub/sub receiving again " + recovery.toMillis() + " ms after the restart");

		// Once told, every subscription receives what is published next, and only once.
		assertThat(this.pubsub.publish("news", "next")).isEqualTo(1);
		assertThat(this.pubsub.publish("news.sports", "next")).isEqualTo(1);
		assertThat(nextSkipping(channel, "after", 5000)).isEqualTo("next");
		assertThat(nextSkipping(sameChannel, "after", 5000)).isEqualTo("next");
		assertThat(nextSkipping(pattern, "news.sports=after", 5000)).isEqualTo("news.sports=next");
		assertThat(nextSkipping(channel, "after", 200)).isNull();
	}

	/**
	 * The next message other than the ones published while waiting for the recovery, or
	 * null after the wait.
	 */
	private static String nextSkipping(BlockingQueue<String> queue, String skipped, long millis)
			throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (true) {
			String next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			if (next == null || !next.equals(skipped)) {
				return next;
			}
		}
	}

}
