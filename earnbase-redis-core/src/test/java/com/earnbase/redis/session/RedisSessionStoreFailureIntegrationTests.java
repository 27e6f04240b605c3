package com.earnbase.redis.session;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import com.earnbase.redis.EarnbaseRedisException;
import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A Redis outage is an error, never mistaken for a missing session; on a Redis of this
 * test's own.
 */
class RedisSessionStoreFailureIntegrationTests {

	@Test
	void outageIsAnErrorNotAMissingSessionAndTheStoreRecovers() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (RedisServerProcess server = RedisTestServer.dedicated();
				LettuceRedisClient client = RedisClient.builder()
					.url(server.url())
					.timeout(Duration.ofMillis(1500))
					.meterRegistry(registry)
					.build()) {
			RedisSessionStore store = new RedisSessionStore(client);
			String id = store.create("alice", Map.of("a", 1));
			server.stop();
			assertThatExceptionOfType(EarnbaseRedisException.class).isThrownBy(() -> store.find(id))
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(id));
			assertThatExceptionOfType(EarnbaseRedisException.class).isThrownBy(() -> store.update(id, Map.of()));
			assertThatExceptionOfType(EarnbaseRedisException.class).isThrownBy(() -> store.touch(id));
			assertThat(registry.get(RedisSessionStore.OPERATIONS_METRIC)
				.tags("operation", "find", "outcome", "error")
				.counter()
				.count()).isEqualTo(1);
			server.restart();
			// Persistence is off, so the restarted server is empty and the script cache
			// with it: EVALSHA falls back.
			String again = await().atMost(Duration.ofSeconds(30))
				.ignoreExceptionsInstanceOf(EarnbaseRedisException.class)
				.until(() -> store.create("alice", Map.of("b", 2)), Objects::nonNull);
			assertThat(store.get(again)).isEqualTo(Map.of("b", 2));
			assertThat(store.list("alice")).containsExactly(again);
		}
	}

}
