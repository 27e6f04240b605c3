package com.earnbase.redis.autoconfigure;

import java.security.Principal;

import com.earnbase.redis.ratelimit.RateLimited;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@link RateLimited} handlers and configured routes through the whole Spring MVC stack
 * (MockMvc), counted in the shared real Redis.
 */
@SpringBootTest(classes = RateLimitInterceptorIntegrationTests.Application.class)
class RateLimitInterceptorIntegrationTests {

	private static final String PREFIX = RedisTopology.uniquePrefix("ratelimit-mvc");

	private MockMvc mvc;

	@BeforeEach
	void mockMvc(@Autowired WebApplicationContext context) {
		// Built here rather than by @AutoConfigureMockMvc, whose package differs between
		// Boot 3 and Boot 4.
		this.mvc = MockMvcBuilders.webAppContextSetup(context).build();
	}

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("earnbase.redis.url", RedisTestServer.shared()::url);
		registry.add("earnbase.redis.prefix", () -> PREFIX);
		registry.add("earnbase.redis.rate-limiter.routes[0].path", () -> "/api/routed/**");
		registry.add("earnbase.redis.rate-limiter.routes[0].limit", () -> "2");
		registry.add("earnbase.redis.rate-limiter.routes[0].window", () -> "10m");
		registry.add("earnbase.redis.rate-limiter.routes[1].path", () -> "/api/**");
		registry.add("earnbase.redis.rate-limiter.routes[1].limit", () -> "1");
		registry.add("earnbase.redis.rate-limiter.routes[1].window", () -> "30s");
		registry.add("earnbase.redis.rate-limiter.routes[1].key", () -> "#request.getHeader('X-Api-Key')");
		registry.add("earnbase.redis.rate-limiter.routes[1].algorithm", () -> "token-bucket");
	}

	@AfterAll
	static void deleteKeys() {
		RedisTestServer.shared().deleteKeys(PREFIX);
	}

	@Test
	void overTheLimitIs429WithRetryAfterAndRateLimitFields() throws Exception {
		this.mvc.perform(get("/limited"))
			.andExpect(status().isOk())
			.andExpect(header().string("RateLimit-Policy", "\"default\";q=2;w=60"))
			.andExpect(header().string("RateLimit", "\"default\";r=1;t=60"))
			.andExpect(header().doesNotExist("Retry-After"));
		this.mvc.perform(get("/limited"))
			.andExpect(status().isOk())
			.andExpect(header().string("RateLimit", "\"default\";r=0;t=60"));
		this.mvc.perform(get("/limited"))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string("RateLimit-Policy", "\"default\";q=2;w=60"))
			.andExpect(header().string("RateLimit", "\"default\";r=0;t=60"))
			.andExpect(header().string("Retry-After", "60"))
			.andExpect(content().string("Too Many Requests"));
	}

	@Test
	void handlersDoNotShareCountersUnlessTheKeySaysSo() throws Exception {
		this.mvc.perform(get("/once/a")).andExpect(status().isOk());
		this.mvc.perform(get("/once/b")).andExpect(status().isOk());
		this.mvc.perform(get("/once/a")).andExpect(status().isTooManyRequests());
		this.mvc.perform(get("/once/b")).andExpect(status().isTooManyRequests());

		this.mvc.perform(get("/shared/a")).andExpect(status().isOk());
		this.mvc.perform(get("/shared/b")).andExpect(status().isTooManyRequests());
	}

	@Test
	void keyExpressionsSeePathVariablesPrincipalAndRequest() throws Exception {
		this.mvc.perform(get("/users/1/orders")).andExpect(status().isOk());
		this.mvc.perform(get("/users/1/orders")).andExpect(status().isTooManyRequests());
		this.mvc.perform(get("/users/2/orders")).andExpect(status().isOk());

		this.mvc.perform(get("/me").principal(new User("alice"))).andExpect(status().isOk());
		this.mvc.perform(get("/me").principal(new User("alice"))).andExpect(status().isTooManyRequests());
		this.mvc.perform(get("/me").principal(new User("bob"))).andExpect(status().isOk());
		// no principal: the key falls back to the client address
		this.mvc.perform(get("/me")).andExpect(status().isOk());
		this.mvc.perform(get("/me").with((request) -> {
			request.setRemoteAddr("10.0.0.9");
			return request;
		})).andExpect(status().isOk());
		this.mvc.perform(get("/me")).andExpect(status().isTooManyRequests());
	}

	@Test
	void theFirstMatchingRouteLimitsUnannotatedHandlers() throws Exception {
		this.mvc.perform(get("/api/routed/x"))
			.andExpect(status().isOk())
			.andExpect(header().string("RateLimit-Policy", "\"default\";q=2;w=600"));
		this.mvc.perform(get("/api/routed/y")).andExpect(status().isOk());
		this.mvc.perform(get("/api/routed/x"))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().exists("Retry-After"));

		// the second route: per API key, token bucket of 1 per 30 s
		expectOkThenLimited(this.mvc.perform(get("/api/other").header("X-Api-Key", "k1")), "k1");
		this.mvc.perform(get("/api/other").header("X-Api-Key", "k2")).andExpect(status().isOk());
	}

	@Test
	void unlimitedHandlersGetNoHeaders() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.mvc.perform(get("/free"))
				.andExpect(status().isOk())
				.andExpect(header().doesNotExist("RateLimit"))
				.andExpect(header().doesNotExist("RateLimit-Policy"));
		}
	}

	private void expectOkThenLimited(ResultActions first, String apiKey) throws Exception {
		first.andExpect(status().isOk()).andExpect(header().string("RateLimit-Policy", "\"default\";q=1;w=30"));
		this.mvc.perform(get("/api/other").header("X-Api-Key", apiKey))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string("Retry-After", "30"));
	}

	/** A principal whose name the key expressions read. */
	public record User(String name) implements Principal {

		@Override
		public String getName() {
			return this.name;
		}

	}

	@SpringBootConfiguration
	@ImportAutoConfiguration({ EarnbaseRedisAutoConfiguration.class, EarnbaseRedisRateLimiterAutoConfiguration.class,
			EarnbaseRedisRateLimiterWebMvcAutoConfiguration.class })
	@Import({ BootAutoConfigurations.WebMvc.class, Handlers.class })
	static class Application {

	}

	@RestController
	static class Handlers {

		@GetMapping("/limited")
		@RateLimited(limit = 2, window = "1m")
		String limited() {
			return "ok";
		}

		@GetMapping("/once/a")
		@RateLimited(limit = 1, window = "1m")
		String onceA() {
			return "a";
		}

		@GetMapping("/once/b")
		@RateLimited(limit = 1, window = "1m")
		String onceB() {
			return "b";
		}

		@GetMapping("/shared/a")
		@RateLimited(limit = 1, window = "1m", key = "'shared:both'")
		String sharedA() {
			return "a";
		}

		@GetMapping("/shared/b")
		@RateLimited(limit = 1, window = "1m", key = "'shared:both'")
		String sharedB() {
			return "b";
		}

		@GetMapping("/users/{id}/orders")
		@RateLimited(limit = 1, window = "PT1M", key = "#id", algorithm = "fixed-window")
		String orders(@PathVariable String id) {
			return id;
		}

		@GetMapping("/me")
		@RateLimited(limit = 1, window = "500s", key = "#principal?.name")
		String me() {
			return "me";
		}

		@GetMapping({ "/api/routed/x", "/api/routed/y", "/api/other" })
		String routed() {
			return "routed";
		}

		@GetMapping("/free")
		String free() {
			return "free";
		}

	}

}
