package com.earnbase.redis.pubsub;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.EarnbaseRedisException;
import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.testsupport.FaultProxy;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pub/sub under network faults, on a dedicated {@code redis-server} behind a
 * {@link FaultProxy}: subscriptions receive again after every connection is cut, and a
 * publish whose reply is lost is not delivered twice.
 */
class PubSubFaultIntegrationTests {

	private RedisServerProcess server;

	private FaultProxy proxy;

	private LettuceRedisClient viaProxy;

	private LettuceRedisClient direct;

	@BeforeEach
	void start() {
		this.server = RedisTestServer.dedicated();
		this.proxy = FaultProxy.to(this.server);
		this.viaProxy = client(this.proxy.url());
		this.direct = client(this.server.url());
	}

	@AfterEach
	void stop() {
		this.viaProxy.close();
		this.direct.close();
		this.proxy.close();
		this.server.close();
	}

	@Test
	void subscriptionsReceiveAgainAfterTheProxyCutsEveryConnection() throws Exception {
		try (RedisPubSubService subscriber = new RedisPubSubService(this.viaProxy);
				RedisPubSubService publisher = new RedisPubSubService(this.direct)) {
			BlockingQueue<String> received = new LinkedBlockingQueue<>();
			subscriber.subscribe("news", String.class, received::add);
			assertThat(publisher.publish("news", "before")).isEqualTo(1);
			assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("before");

			this.proxy.cutConnections();
			long cut = System.nanoTime();
			RedisServerProcess.awaitUntil("delivery after the cut", Duration.ofSeconds(5),
					() -> publisher.publish("news", "after") == 1 && "after".equals(poll(received)));
			System.out.println("pub/sub receiving again " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut)
					+ " ms after the cut");
		}
	}

	@Test
	void theFirstSubscriptionWaitsForThePubSubConnectionToOpen() throws Exception {
		// Every reply 400 ms late: each command still answers within the 500 ms timeout,
		// but opening the pub/sub connection (its handshake) and subscribing take longer.
		try (LettuceRedisClient slow = (LettuceRedisClient) RedisClient.builder()
			.url(this.proxy.url())
			.prefix("pf")
			.timeout(Duration.ofMillis(500))
			.build();
				RedisPubSubService subscriber = new RedisPubSubService(slow);
				RedisPubSubService publisher = new RedisPubSubService(this.direct)) {
			this.proxy.replyLatency(Duration.ofMillis(400));
			BlockingQueue<String> received = new LinkedBlockingQueue<>();
			long start = System.nanoTime();
			subscriber.subscribe("late", String.class, received::add);
			long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			System.out.println("first subscription through a 400 ms reply delay confirmed after " + took + " ms");
			assertThat(took).as("longer than one command's wait, or the test proves nothing").isGreaterThan(750);
			assertThat(publisher.publish("late", "hello")).isEqualTo(1);
			assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");
		}
	}

	@Test
	void aPublishWhoseReplyIsLostIsNotDeliveredTwice() throws Exception {
		try (RedisPubSubService subscriber = new RedisPubSubService(this.direct);
				RedisPubSubService publisher = new RedisPubSubService(this.viaProxy)) {
			BlockingQueue<String> received = new LinkedBlockingQueue<>();
			subscriber.subscribe("orders", String.class, received::add);
			assertThat(publisher.publish("orders", "warm-up")).isEqualTo(1);
			assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("warm-up");

			this.proxy.replyLatency(Duration.ofSeconds(20));
			CompletableFuture<Long> publish = CompletableFuture.supplyAsync(() -> publisher.publish("orders", "once"));
			// Delivered: Redis ran the PUBLISH; only its reply is held back.
			assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("once");
			this.proxy.cutConnections();
			try {
				publish.get(10, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				assertThat(ex.getCause()).isInstanceOf(EarnbaseRedisException.class);
			}
			// A replay would arrive right after the reconnect; a later publish proves the
			// publisher reconnected.
			RedisServerProcess.awaitUntil("publisher reconnected", Duration.ofSeconds(5),
					() -> publisher.publish("orders", "next") == 1);
			String next = received.poll(5, TimeUnit.SECONDS);
			assertThat(next).as("message after 'once'").isEqualTo("next");
		}
	}

	private static String poll(BlockingQueue<String> queue) {
		try {
			return queue.poll(200, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private static LettuceRedisClient client(String url) {
		return (LettuceRedisClient) RedisClient.builder().url(url).prefix("pf").timeout(Duration.ofSeconds(3)).build();
	}

}
