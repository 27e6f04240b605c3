package com.earnbase.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.testsupport.RedisExtension;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consolidated flushes (the default) never hold a command back: a lone command, many
 * concurrent blocking callers and thousands of commands in flight all get their own
 * replies, with the option on and off.
 */
@ExtendWith(RedisExtension.class)
class FlushConsolidationIntegrationTests {

	private final RedisTestServer server;

	FlushConsolidationIntegrationTests(RedisTestServer server) {
		this.server = server;
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void everyCommandGetsItsReply(boolean flushConsolidation) throws Exception {
		String prefix = RedisTopology.uniquePrefix("flush");
		try (LettuceRedisClient client = this.server.clientBuilder()
			.prefix(prefix)
			.flushConsolidation(flushConsolidation)
			.build()) {
			// a lone command on an idle connection: nothing else will trigger a flush for
			// it
			client.set("lone", "1");
			assertThat(client.get("lone")).isEqualTo("1");

			// 16 blocking callers at once
			ExecutorService threads = Executors.newFixedThreadPool(16);
			try {
				List<Future<?>> callers = new ArrayList<>();
				for (int t = 0; t < 16; t++) {
					int thread = t;
					callers.add(threads.submit(() -> {
						for (int i = 0; i < 50; i++) {
							String key = "blocking:" + thread + ":" + i;
							client.set(key, key);
							assertThat(client.get(key)).isEqualTo(key);
						}
					}));
				}
				for (Future<?> caller : callers) {
					caller.get(30, TimeUnit.SECONDS);
				}
			}
			finally {
				threads.shutdownNow();
			}

			// 2000 commands in flight
			List<CompletableFuture<Void>> writes = new ArrayList<>();
			for (int i = 0; i < 2000; i++) {
				writes.add(client.async().set("async:" + i, Integer.toString(i)));
			}
			CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			List<CompletableFuture<String>> reads = new ArrayList<>();
			for (int i = 0; i < 2000; i++) {
				reads.add(client.async().get("async:" + i));
			}
			for (int i = 0; i < 2000; i++) {
				assertThat(reads.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(Integer.toString(i));
			}
		}
		finally {
			this.server.deleteKeys(prefix);
		}
	}

}
