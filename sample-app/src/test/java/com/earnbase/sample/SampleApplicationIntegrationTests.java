package com.earnbase.sample;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app with only the starter and application.yml, against a real Redis, driven
 * over HTTP.
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

	@Autowired
	private TestRestTemplate http;

	@Test
	void putThenGetThroughTheStarter() {
		this.http.exchange("/kv/greeting", HttpMethod.PUT, new HttpEntity<>("hello"), Void.class);
		assertThat(this.http.getForObject("/kv/greeting", String.class)).isEqualTo("hello");
		// application.yml: prefix sample, ttl 1h
		assertThat(server.raw().get("sample:greeting")).isEqualTo("hello");
		assertThat(this.redis.ttl("greeting")).isBetween(3590L, 3600L);
		server.raw().del("sample:greeting");
	}

	@Test
	void missingKeyIs404() {
		assertThat(this.http.getForEntity("/kv/never-written", String.class).getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
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
		String metric = this.http.getForObject("/actuator/metrics/earnbase.redis.command?tag=command:ping",
				String.class);
		assertThat(metric).contains("\"name\":\"earnbase.redis.command\"").contains("COUNT");
	}

}
