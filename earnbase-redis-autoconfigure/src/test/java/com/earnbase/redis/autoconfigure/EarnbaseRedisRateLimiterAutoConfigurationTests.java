package com.earnbase.redis.autoconfigure;

import java.time.Duration;

import com.earnbase.redis.ratelimit.RateLimitAlgorithm;
import com.earnbase.redis.ratelimit.RateLimitDecision;
import com.earnbase.redis.ratelimit.RateLimitFailurePolicy;
import com.earnbase.redis.ratelimit.RateLimitPolicy;
import com.earnbase.redis.ratelimit.RateLimited;
import com.earnbase.redis.ratelimit.RateLimiter;
import com.earnbase.redis.ratelimit.RedisRateLimiter;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate limiter auto-configurations, against the shared real Redis. */
class EarnbaseRedisRateLimiterAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(EarnbaseRedisAutoConfiguration.class,
			EarnbaseRedisRateLimiterAutoConfiguration.class, EarnbaseRedisRateLimiterWebMvcAutoConfiguration.class);

	private final String prefix = RedisTopology.uniquePrefix("ratelimit-autoconfig");

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
		.withPropertyValues(RedisTestServer.shared().applicationProperties().toArray(String[]::new))
		.withPropertyValues("earnbase.redis.prefix=" + this.prefix);

	private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withPropertyValues(RedisTestServer.shared().applicationProperties().toArray(String[]::new))
		.withPropertyValues("earnbase.redis.prefix=" + this.prefix);

	@Test
	void createsALimiterWithTheDefaults() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RateLimiter.class).doesNotHaveBean(RateLimitInterceptor.class);
			RedisRateLimiter limiter = context.getBean(RedisRateLimiter.class);
			assertThat(limiter.defaultAlgorithm()).isEqualTo(RateLimitAlgorithm.SLIDING_WINDOW);
			assertThat(limiter.onFailure()).isEqualTo(RateLimitFailurePolicy.DENY);
			RateLimitDecision decision = limiter.tryAcquire("autoconfig", 2, Duration.ofSeconds(5));
			assertThat(decision.remaining()).isEqualTo(1);
			assertThat(RedisTestServer.shared().raw().exists(this.prefix + ":ratelimit:{autoconfig}:sw")).isEqualTo(1L);
			RedisTestServer.shared().deleteKeys(this.prefix);
		});
	}

	@Test
	void bindsKebabCaseEnumsAndTheNamespace() {
		this.runner
			.withPropertyValues("earnbase.redis.rate-limiter.algorithm=token-bucket",
					"earnbase.redis.rate-limiter.on-failure=allow", "earnbase.redis.rate-limiter.namespace=rl")
			.run((context) -> {
				RedisRateLimiter limiter = context.getBean(RedisRateLimiter.class);
				assertThat(limiter.defaultAlgorithm()).isEqualTo(RateLimitAlgorithm.TOKEN_BUCKET);
				assertThat(limiter.onFailure()).isEqualTo(RateLimitFailurePolicy.ALLOW);
				limiter.tryAcquire("ns", 1, Duration.ofSeconds(5));
				assertThat(RedisTestServer.shared().raw().exists(this.prefix + ":rl:{ns}:tb")).isEqualTo(1L);
				RedisTestServer.shared().deleteKeys(this.prefix);
			});
	}

	@Test
	void bindsTheSlidingWindowCounterByItsPropertyName() {
		this.runner.withPropertyValues("earnbase.redis.rate-limiter.algorithm=sliding-window-counter")
			.run((context) -> {
				RedisRateLimiter limiter = context.getBean(RedisRateLimiter.class);
				assertThat(limiter.defaultAlgorithm()).isEqualTo(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER);
				assertThat(limiter.tryAcquire("counter", 2, Duration.ofSeconds(5)).remaining()).isEqualTo(1);
				assertThat(RedisTestServer.shared().raw().exists(this.prefix + ":ratelimit:{counter}:swc"))
					.isEqualTo(1L);
				RedisTestServer.shared().deleteKeys(this.prefix);
			});
	}

	@Test
	void rejectsUnknownAlgorithmsAndFailurePolicies() {
		this.runner.withPropertyValues("earnbase.redis.rate-limiter.algorithm=leaky-bucket")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("earnbase.redis.rate-limiter.algorithm"));
		this.runner.withPropertyValues("earnbase.redis.rate-limiter.on-failure=maybe")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("earnbase.redis.rate-limiter.on-failure"));
	}

	@Test
	void rejectsInvalidRoutes() {
		this.runner
			.withPropertyValues("earnbase.redis.rate-limiter.routes[0].path=/api/**",
					"earnbase.redis.rate-limiter.routes[0].limit=0", "earnbase.redis.rate-limiter.routes[0].window=1m")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidRedisPropertyException.class)
				.hasMessageContaining("earnbase.redis.rate-limiter.routes[0].limit"));
		this.runner.withPropertyValues("earnbase.redis.rate-limiter.routes[0].path=/api/**",
				"earnbase.redis.rate-limiter.routes[0].limit=5", "earnbase.redis.rate-limiter.routes[0].key=#request.(")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidRedisPropertyException.class)
				.hasMessageContaining("earnbase.redis.rate-limiter.routes[0].window"));
		this.runner
			.withPropertyValues("earnbase.redis.rate-limiter.routes[0].path=/api/**",
					"earnbase.redis.rate-limiter.routes[0].limit=5", "earnbase.redis.rate-limiter.routes[0].window=1m",
					"earnbase.redis.rate-limiter.routes[0].key=#request.(")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidRedisPropertyException.class)
				.hasMessageContaining("earnbase.redis.rate-limiter.routes[0].key"));
		this.webRunner
			.withPropertyValues("earnbase.redis.rate-limiter.routes[0].path=/api/**/x/**",
					"earnbase.redis.rate-limiter.routes[0].limit=5", "earnbase.redis.rate-limiter.routes[0].window=1m")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidRedisPropertyException.class)
				.hasMessageContaining("earnbase.redis.rate-limiter.routes[0].path"));
	}

	@Test
	void disabledCreatesNothing() {
		this.webRunner.withPropertyValues("earnbase.redis.rate-limiter.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RateLimiter.class)
				.doesNotHaveBean(RateLimitInterceptor.class));
	}

	@Test
	void backsOffForAUserLimiterAndStillInterceptsWithIt() {
		this.webRunner.withUserConfiguration(UserLimiter.class).run((context) -> {
			assertThat(context).hasSingleBean(RateLimiter.class).doesNotHaveBean(RedisRateLimiter.class);
			assertThat(context.getBean(RateLimiter.class)).isSameAs(UserLimiter.LIMITER);
			assertThat(context).hasSingleBean(RateLimitInterceptor.class);
		});
	}

	@Test
	void registersTheInterceptorOnlyInServletWebApplicationsWithSpringMvc() {
		this.webRunner.run((context) -> assertThat(context).hasSingleBean(RateLimitInterceptor.class));
		this.webRunner.withClassLoader(new FilteredClassLoader(HandlerInterceptor.class))
			.run((context) -> assertThat(context).hasSingleBean(RateLimiter.class)
				.doesNotHaveBean(RateLimitInterceptor.class));
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(RateLimitInterceptor.class));
	}

	@Test
	void aBadRateLimitedAnnotationStopsStartUp() {
		this.webRunner
			.withConfiguration(
					AutoConfigurations.of(BootAutoConfigurations.DISPATCHER_SERVLET, BootAutoConfigurations.WEB_MVC))
			.withUserConfiguration(BadHandler.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Invalid @RateLimited on " + BadHandler.class.getName() + "#hello")
				.hasStackTraceContaining("'soon'"));
	}

	@RestController
	static class BadHandler {

		@GetMapping("/hello")
		@RateLimited(limit = 5, window = "soon")
		String hello() {
			return "hello";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserLimiter {

		static final RateLimiter LIMITER = new RateLimiter() {

			@Override
			public boolean isAllowed(String key, int limit, Duration window) {
				return true;
			}

			@Override
			public RateLimitDecision tryAcquire(String key, int limit, Duration window) {
				return tryAcquire(key, 1, limit, window);
			}

			@Override
			public RateLimitDecision tryAcquire(String key, int permits, int limit, Duration window) {
				return new RateLimitDecision(true, limit, limit - permits, Duration.ZERO, Duration.ZERO);
			}

			@Override
			public RateLimitDecision tryAcquire(String key, int permits, RateLimitPolicy policy) {
				return tryAcquire(key, permits, policy.limit(), policy.window());
			}

		};

		@Bean
		RateLimiter userRateLimiter() {
			return LIMITER;
		}

	}

}
