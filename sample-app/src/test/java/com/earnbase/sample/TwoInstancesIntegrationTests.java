package com.earnbase.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the sample app (two application contexts on two ports, as two
 * processes would be) against one Redis with one prefix share the cache, the rate limits,
 * the locks and the events.
 */
class TwoInstancesIntegrationTests {

	private static final String PREFIX = "sample-two-instances-it";

	private static final RedisTestServer server = RedisTestServer.shared();

	private static ConfigurableApplicationContext contextA;

	private static ConfigurableApplicationContext contextB;

	private static SampleHttp a;

	private static SampleHttp b;

	private static int portB;

	@BeforeAll
	static void startTwoInstances() {
		server.deleteKeys(PREFIX);
		contextA = start();
		contextB = start();
		a = new SampleHttp(port(contextA));
		portB = port(contextB);
		b = new SampleHttp(portB);
		// the first requests of a fresh JVM/context are slow (class loading, JIT): keep
		// them out of the timings
		a.get("/users/2");
		b.get("/users/2");
	}

	@AfterAll
	static void stopThem() {
		if (contextA != null) {
			contextA.close();
		}
		if (contextB != null) {
			contextB.close();
		}
		server.deleteKeys(PREFIX);
	}

	@Test
	void userLoadedOnAIsAHitOnB() {
		JsonTree onA = SampleHttp.json(a.get("/users/3"));
		JsonTree onB = SampleHttp.json(b.get("/users/3"));

		assertThat(onA.get("cache").asText()).isEqualTo("miss");
		assertThat(onB.get("cache").asText()).isEqualTo("hit");
		assertThat(onB.get("user")).isEqualTo(onA.get("user"));
		assertThat(onB.get("tookMs").asLong()).isLessThan(onA.get("tookMs").asLong());
	}

	@Test
	void quoteCallsSplitAcrossAAndBShareOneLimit() {
		String apiKey = UUID.randomUUID().toString();
		for (int call = 1; call <= 5; call++) {
			SampleHttp instance = (call % 2 == 1) ? a : b;
			assertThat(instance.get("/api/quote", "X-Api-Key", apiKey).statusCode()).as("call %d", call).isEqualTo(200);
		}
		HttpResponse<String> onA = a.get("/api/quote", "X-Api-Key", apiKey);
		HttpResponse<String> onB = b.get("/api/quote", "X-Api-Key", apiKey);
		assertThat(onA.statusCode()).isEqualTo(429);
		assertThat(onB.statusCode()).isEqualTo(429);
		assertThat(onB.headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	void jobRunningOnAIs409OnB() throws Exception {
		String job = "sync-" + UUID.randomUUID();
		CompletableFuture<HttpResponse<String>> onA = a.postAsync("/jobs/" + job + "/run?durationMs=1500");
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> server.raw().exists(PREFIX + ":lock:{job:" + job + "}") == 1);

		assertThat(b.post("/jobs/" + job + "/run?durationMs=10", "").statusCode()).isEqualTo(409);
		assertThat(onA).isNotDone();
		HttpResponse<String> finished = onA.get(10, TimeUnit.SECONDS);
		assertThat(finished.statusCode()).isEqualTo(200);

		HttpResponse<String> afterwardsOnB = b.post("/jobs/" + job + "/run?durationMs=10", "");
		assertThat(afterwardsOnB.statusCode()).isEqualTo(200);
		assertThat(SampleHttp.json(afterwardsOnB).get("fencingToken").asLong())
			.isGreaterThan(SampleHttp.json(finished).get("fencingToken").asLong());
	}

	@Test
	void eventPostedOnAArrivesOnBsStream() throws Exception {
		try (SampleHttp.EventStream streamB = b.openEventStream()) {
			HttpResponse<String> published = a.post("/events", "{\"type\":\"deploy\",\"text\":\"from A\"}");
			assertThat(published.statusCode()).isEqualTo(202);
			assertThat(SampleHttp.json(published).get("receivers").asLong()).as("both instances subscribed")
				.isEqualTo(2);

			JsonTree event = streamB.nextData(Duration.ofSeconds(5));
			assertThat(event).as("event received on B within 5 s").isNotNull();
			assertThat(event.at("/payload/text").asText()).isEqualTo("from A");
			assertThat(event.get("origin").asText()).isEqualTo("earnbase-sample:" + port(contextA))
				.isNotEqualTo("earnbase-sample:" + portB);
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--earnbase.redis.url=" + server.url(), "--earnbase.redis.prefix=" + PREFIX);
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

}
