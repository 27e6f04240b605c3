package com.earnbase.redis.session;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sessions across a restart of their own {@code redis-server} (persistence off): sessions
 * written before it are gone, and nothing brings one back: not an update or touch after
 * the restart, nor an update sent during the outage that Lettuce delivers once the server
 * is back.
 */
class SessionStoreFaultIntegrationTests {

	private RedisServerProcess server;

	private LettuceRedisClient client;

	@BeforeEach
	void start() {
		this.server = RedisTestServer.dedicated();
		this.client = (LettuceRedisClient) RedisClient.builder()
			.url(this.server.url())
			.prefix("sf")
			.timeout(Duration.ofSeconds(5))
			.build();
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.close();
	}

	@Test
	void noSessionComesBackAfterARestart() throws Exception {
		RedisSessionStore store = new RedisSessionStore(this.client);
		String updatedLater = store.create(Map.of("user", "a"));
		String updatedDuringOutage = store.create(Map.of("user", "b"));

		this.server.stop();
		// Queued by Lettuce while disconnected and sent once the server is back, to a
		// server without the session.
		CompletableFuture<Void> update = CompletableFuture
			.runAsync(() -> store.update(updatedDuringOutage, Map.of("user", "b2")));
		Thread.sleep(200);
		this.server.restart();

		// It reached the restarted server (no timeout) and found no session to update.
		assertThatThrownBy(() -> update.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(SessionNotFoundException.class);
		assertThat(store.find(updatedDuringOutage)).isEmpty();
		assertThatThrownBy(() -> store.update(updatedLater, Map.of("user", "a2")))
			.isInstanceOf(SessionNotFoundException.class);
		assertThat(store.touch(updatedLater)).isFalse();
		assertThat(store.find(updatedLater)).isEmpty();
		assertThat(this.server.<Long>call((redis) -> redis.dbsize())).as("keys after the restart").isZero();
	}

}
