package com.earnbase.redis.ratelimit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The value types of the rate limiter, without Redis. */
class RateLimitPolicyUnitTests {

	@Test
	void algorithmsAreFoundByPropertyOrConstantName() {
		assertThat(RateLimitAlgorithm.fromName("sliding-window")).isEqualTo(RateLimitAlgorithm.SLIDING_WINDOW);
		assertThat(RateLimitAlgorithm.fromName(" Token-Bucket ")).isEqualTo(RateLimitAlgorithm.TOKEN_BUCKET);
		assertThat(RateLimitAlgorithm.fromName("FIXED_WINDOW")).isEqualTo(RateLimitAlgorithm.FIXED_WINDOW);
		assertThat(RateLimitAlgorithm.fromName("sliding-window-counter"))
			.isEqualTo(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER);
		assertThat(RateLimitAlgorithm.fromName("SLIDING_WINDOW_COUNTER"))
			.isEqualTo(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER);
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimitAlgorithm.fromName("leaky-bucket"))
			.withMessageContaining("algorithm")
			.withMessageContaining("leaky-bucket")
			.withMessageContaining("fixed-window, sliding-window, sliding-window-counter, token-bucket");
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimitAlgorithm.fromName(null));
	}

	@Test
	void policiesCheckLimitAndWindow() {
		RateLimitPolicy policy = RateLimitPolicy.of(5, Duration.ofSeconds(1));
		assertThat(policy.algorithm()).isNull();
		assertThat(RateLimitPolicy.of(RateLimitAlgorithm.FIXED_WINDOW, 5, Duration.ofSeconds(1)).algorithm())
			.isEqualTo(RateLimitAlgorithm.FIXED_WINDOW);
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimitPolicy.of(0, Duration.ofSeconds(1)))
			.withMessageContaining("limit");
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimitPolicy.of(1, Duration.ofMillis(-1)))
			.withMessageContaining("window");
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimitPolicy.of(null, 1, Duration.ofSeconds(1)))
			.withMessageContaining("algorithm");
		// the largest accepted product, and one more
		long maxWindow = RateLimiter.MAX_LIMIT_TIMES_WINDOW_MILLIS / 1024;
		assertThat(RateLimitPolicy.of(1024, Duration.ofMillis(maxWindow)).limit()).isEqualTo(1024);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RateLimitPolicy.of(1024, Duration.ofMillis(maxWindow + 1)))
			.withMessageContaining("limit x window");
	}

	@Test
	void decisionsAreConsistent() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RateLimitDecision(true, 5, 4, Duration.ofMillis(1), Duration.ZERO))
			.withMessageContaining("retryAfter");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RateLimitDecision(false, 5, 0, Duration.ofMillis(-1), Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitDecision(false, 5, 0, Duration.ZERO, null));
	}

	@Test
	void scriptArgumentsArePermitsLimitAndWindowOnly() {
		assertThat(RedisRateLimiter.scriptArguments(3, RateLimitPolicy.of(10, Duration.ofMinutes(1))))
			.containsExactly("3", "10", "60000");
	}

}
