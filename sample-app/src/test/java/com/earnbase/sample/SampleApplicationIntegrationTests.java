package com.earnbase.sample;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.cache.Cache;
import com.earnbase.redis.lock.LockService;
import com.earnbase.redis.pubsub.PubSubService;
import com.earnbase.redis.ratelimit.RateLimiter;
import com.earnbase.redis.session.SessionStore;
import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app with only the starter and application.yml, against a real Redis, driven
 * over HTTP; on every Boot line the build is run on (plain HTTP rather than Boot's test
 * clients, which moved in Boot 4).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationIntegrationTests {

	private static final RedisTestServer server = RedisTestServer.shared();

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("earnbase.redis.url", server::url);
	}

	@Autowired
	private RedisClient redis;

	@Autowired
	private StringRedisTemplate template;

	private SampleHttp http;

	@BeforeEach
	void client(@Value("${local.server.port}") int port) {
		this.http = new SampleHttp(port);
	}

	@Test
	void everyPrimitiveIsABeanOnThisBootLine(@Autowired ApplicationContext context) {
		for (Class<?> type : new Class<?>[] { RedisClient.class, Cache.class, SessionStore.class, RateLimiter.class,
				LockService.class, PubSubService.class }) {
			assertThat(context.getBeanNamesForType(type))
				.as("%s beans on Spring Boot %s", type.getSimpleName(), SpringBootVersion.getVersion())
				.hasSize(1);
		}
	}

	@Test
	void putThenGetThroughTheStarter() {
		this.http.put("/kv/greeting", "hello");
		assertThat(this.http.get("/kv/greeting").body()).isEqualTo("hello");
		// application.yml: prefix sample, ttl 1h
		assertThat(server.raw().get("sample:greeting")).isEqualTo("hello");
		assertThat(this.redis.ttl("greeting")).isBetween(3590L, 3600L);
		server.raw().del("sample:greeting");
	}

	@Test
	void missingKeyIs404() {
		assertThat(this.http.get("/kv/never-written").statusCode()).isEqualTo(404);
	}

	@Test
	void bootsRedisTemplateTalksToTheSameServer() {
		this.redis.set("shared", "v");
		assertThat(this.template.opsForValue().get("sample:shared")).isEqualTo("v");
		this.redis.delete("shared");
	}

	@Test
	void actuatorShowsTheCommandTimer() {
		this.redis.ping();
		String metric = this.http.get("/actuator/metrics/earnbase.redis.command?tag=command:ping").body();
		assertThat(metric).contains("\"name\":\"earnbase.redis.command\"").contains("COUNT");
	}

	@Test
	void earnbaseRedisHealthIsUp() {
		var health = this.http.get("/actuator/health/earnbase-redis");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(SampleHttp.json(health).path("status").asText()).isEqualTo("UP");
	}

}
