package com.earnbase.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every endpoint of the sample app, over HTTP, against a real Redis: what the curl
 * walkthrough shows.
 */
// Tests turn metrics export off by default; the Prometheus switch of its own wins over
// that default on every Boot line.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.prometheus.metrics.export.enabled=true")
class SampleEndpointsIntegrationTests {

	private static final String PREFIX = "sample-endpoints-it";

	private static final RedisTestServer server = RedisTestServer.shared();

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("earnbase.redis.url", server::url);
		registry.add("earnbase.redis.prefix", () -> PREFIX);
	}

	@Value("${local.server.port}")
	private int port;

	private SampleHttp http;

	@BeforeAll
	@AfterAll
	static void deleteKeys() {
		server.deleteKeys(PREFIX);
	}

	@BeforeEach
	void client() {
		this.http = new SampleHttp(this.port);
	}

	@Test
	void userIsAMissThenAFasterHit() {
		this.http.delete("/users/1/cache");
		HttpResponse<String> first = this.http.get("/users/1");
		HttpResponse<String> second = this.http.get("/users/1");

		assertThat(first.statusCode()).isEqualTo(200);
		JsonTree miss = SampleHttp.json(first);
		assertThat(miss.at("/user/name").asText()).isEqualTo("Ada Lovelace");
		assertThat(miss.get("cache").asText()).isEqualTo("miss");
		assertThat(miss.get("tookMs").asLong()).isGreaterThanOrEqualTo(200);

		assertThat(second.statusCode()).isEqualTo(200);
		JsonTree hit = SampleHttp.json(second);
		assertThat(hit.get("user")).isEqualTo(miss.get("user"));
		assertThat(hit.get("cache").asText()).isEqualTo("hit");
		assertThat(hit.get("tookMs").asLong()).isLessThan(miss.get("tookMs").asLong());
		assertThat(server.raw().exists(PREFIX + ":cache:{user:1}")).isEqualTo(1);
	}

	@Test
	void unknownUserIs404AndTheAbsenceIsCached() {
		HttpResponse<String> first = this.http.get("/users/404");
		HttpResponse<String> second = this.http.get("/users/404");

		assertThat(first.statusCode()).isEqualTo(404);
		assertThat(SampleHttp.json(first).get("cache").asText()).isEqualTo("miss");
		assertThat(SampleHttp.json(first).get("user").isNull()).isTrue();
		assertThat(second.statusCode()).isEqualTo(404);
		assertThat(SampleHttp.json(second).get("cache").asText()).isEqualTo("hit");
		assertThat(SampleHttp.json(second).get("tookMs").asLong())
			.isLessThan(SampleHttp.json(first).get("tookMs").asLong());
		// cached for earnbase.redis.cache.null-ttl (60 s by default), not for the users'
		// 5 minutes
		assertThat(server.raw().pttl(PREFIX + ":cache:{user:404}")).isBetween(1L, 60_000L);
	}

	@Test
	void sessionLifecycle() {
		HttpResponse<String> created = this.http.post("/sessions", "{\"user\":\"ada\",\"cart\":[1,2]}");
		assertThat(created.statusCode()).isEqualTo(201);
		String id = SampleHttp.json(created).get("id").asText();
		assertThat(created.headers().firstValue("Location")).hasValue("/sessions/" + id);

		HttpResponse<String> read = this.http.get("/sessions/" + id);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(SampleHttp.json(read).get("user").asText()).isEqualTo("ada");
		assertThat(SampleHttp.json(read).get("cart")).hasSize(2);

		assertThat(this.http.put("/sessions/" + id, "{\"user\":\"ada\",\"cart\":[]}").statusCode()).isEqualTo(200);
		assertThat(SampleHttp.json(this.http.get("/sessions/" + id)).get("cart")).isEmpty();

		assertThat(this.http.delete("/sessions/" + id).statusCode()).isEqualTo(204);
		HttpResponse<String> gone = this.http.get("/sessions/" + id);
		assertThat(gone.statusCode()).isEqualTo(404);
		assertThat(SampleHttp.json(gone).get("error").asText()).doesNotContain(id);
		assertThat(this.http.put("/sessions/" + id, "{\"user\":\"ada\"}").statusCode()).as("update never recreates")
			.isEqualTo(404);
		assertThat(this.http.get("/sessions/" + id).statusCode()).isEqualTo(404);
	}

	@Test
	void sixthQuoteOfAnApiKeyIs429WithTheRateLimitHeaders() {
		String apiKey = UUID.randomUUID().toString();
		for (int call = 1; call <= 5; call++) {
			HttpResponse<String> allowed = this.http.get("/api/quote", "X-Api-Key", apiKey);
			assertThat(allowed.statusCode()).as("call %d", call).isEqualTo(200);
			assertThat(SampleHttp.json(allowed).get("text").asText()).isNotBlank();
			assertThat(allowed.headers().firstValue("RateLimit-Policy")).hasValue("\"default\";q=5;w=60");
			assertThat(allowed.headers().firstValue("RateLimit")).get()
				.asString()
				.startsWith("\"default\";r=" + (5 - call) + ";t=");
		}
		HttpResponse<String> denied = this.http.get("/api/quote", "X-Api-Key", apiKey);
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().firstValue("Retry-After").map(Long::parseLong)).get()
			.satisfies((seconds) -> assertThat(seconds).isBetween(1L, 60L));
		assertThat(denied.headers().firstValue("RateLimit-Policy")).hasValue("\"default\";q=5;w=60");
		assertThat(denied.headers().firstValue("RateLimit")).get().asString().startsWith("\"default\";r=0;t=");

		// another API key has a counter of its own
		assertThat(this.http.get("/api/quote", "X-Api-Key", UUID.randomUUID().toString()).statusCode()).isEqualTo(200);
	}

	@Test
	void secondCallOfARunningJobIs409AndTheNextRunHasAHigherFencingToken() throws Exception {
		String job = "report-" + UUID.randomUUID();
		CompletableFuture<HttpResponse<String>> first = this.http.postAsync("/jobs/" + job + "/run?durationMs=1500");
		awaitLockHeld(job);

		HttpResponse<String> second = this.http.post("/jobs/" + job + "/run?durationMs=10", "");
		assertThat(second.statusCode()).isEqualTo(409);
		assertThat(SampleHttp.json(second).get("error").asText()).contains("already running");
		assertThat(first).isNotDone();

		HttpResponse<String> done = first.get(10, TimeUnit.SECONDS);
		assertThat(done.statusCode()).isEqualTo(200);
		JsonTree run = SampleHttp.json(done);
		assertThat(run.get("job").asText()).isEqualTo(job);
		assertThat(run.get("tookMs").asLong()).isGreaterThanOrEqualTo(1500);
		assertThat(server.raw().exists(lockKey(job))).as("released after the job").isZero();

		HttpResponse<String> next = this.http.post("/jobs/" + job + "/run?durationMs=10", "");
		assertThat(next.statusCode()).isEqualTo(200);
		assertThat(SampleHttp.json(next).get("fencingToken").asLong()).isGreaterThan(run.get("fencingToken").asLong());
	}

	@Test
	void badJobDurationIs400() {
		assertThat(this.http.post("/jobs/x/run?durationMs=-1", "").statusCode()).isEqualTo(400);
	}

	@Test
	void postedEventArrivesOnTheStream() throws Exception {
		try (SampleHttp.EventStream stream = this.http.openEventStream()) {
			HttpResponse<String> published = this.http.post("/events", "{\"type\":\"greeting\",\"text\":\"hello\"}");
			assertThat(published.statusCode()).isEqualTo(202);
			assertThat(SampleHttp.json(published).get("receivers").asLong()).isGreaterThanOrEqualTo(1);

			JsonTree event = stream.nextData(Duration.ofSeconds(5));
			assertThat(event).as("event received within 5 s").isNotNull();
			assertThat(event.get("id").asText()).isEqualTo(SampleHttp.json(published).get("id").asText());
			assertThat(event.at("/payload/text").asText()).isEqualTo("hello");
			assertThat(event.get("origin").asText()).isEqualTo("earnbase-sample:" + this.port);
		}
	}

	@Test
	void healthShowsEarnbaseRedisUp() {
		HttpResponse<String> health = this.http.get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		JsonTree redis = SampleHttp.json(health).at("/components/earnbase-redis");
		assertThat(redis.get("status").asText()).isEqualTo("UP");
		assertThat(redis.at("/details/version").asText()).startsWith("7.");
	}

	@Test
	void prometheusShowsTheClientsCommandTimerTaggedWithTheApplication() {
		this.http.get("/users/2");
		String scrape = this.http.get("/actuator/prometheus").body();
		assertThat(scrape).containsPattern("earnbase_redis_command_seconds_count\\{.*application=\"earnbase-sample\"");
	}

	private void awaitLockHeld(String job) {
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> server.raw().exists(lockKey(job)) == 1);
	}

	private static String lockKey(String job) {
		// <prefix>:<earnbase.redis.lock.namespace>:{<key>}
		return PREFIX + ":lock:{job:" + job + "}";
	}

}
