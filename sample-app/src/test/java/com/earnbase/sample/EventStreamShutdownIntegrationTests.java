package com.earnbase.sample;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Open SSE streams end when the application stops, instead of holding up the web server's
 * graceful shutdown (which would wait
 * {@code spring.lifecycle.timeout-per-shutdown-phase}, 30 s, for them).
 */
class EventStreamShutdownIntegrationTests {

	private static final String PREFIX = "sample-sse-shutdown-it";

	private static final RedisTestServer server = RedisTestServer.shared();

	@AfterAll
	static void deleteKeys() {
		server.deleteKeys(PREFIX);
	}

	@Test
	void closingTheApplicationEndsOpenStreamsAtOnce() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.run("--server.port=0", "--earnbase.redis.url=" + server.url(), "--earnbase.redis.prefix=" + PREFIX);
		int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		try (SampleHttp.EventStream stream = new SampleHttp(port).openEventStream()) {
			long start = System.nanoTime();
			context.close();
			long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

			assertThat(stream.awaitEnd(Duration.ofSeconds(5))).as("stream ended by the server").isTrue();
			assertThat(closeMs).as("shutdown did not wait for the stream").isLessThan(10_000);
		}
		finally {
			context.close();
		}
	}

}
