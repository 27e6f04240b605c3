package com.earnbase.redis.support;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import com.earnbase.redis.EarnbaseRedisException;
import com.earnbase.redis.RedisCommandFailedException;
import com.earnbase.redis.RedisConnectionLostException;
import com.earnbase.redis.RedisOperationTimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Failures#isUnavailable(Throwable)}: lost connections and timeouts, also inside a
 * future's wrappers.
 */
class FailuresUnitTests {

	@Test
	void lostConnectionsAndTimeoutsAreUnavailable() {
		RedisConnectionLostException lost = new RedisConnectionLostException("get", "gone", null);
		RedisOperationTimeoutException timeout = new RedisOperationTimeoutException("get", Duration.ofSeconds(1), null);
		assertThat(Failures.isUnavailable(lost)).isTrue();
		assertThat(Failures.isUnavailable(timeout)).isTrue();
		assertThat(Failures.isUnavailable(new CompletionException(new ExecutionException(lost)))).isTrue();
	}

	@Test
	void otherFailuresAreNot() {
		assertThat(Failures.isUnavailable(new RedisCommandFailedException("get", "WRONGTYPE", null))).isFalse();
		assertThat(Failures.isUnavailable(new EarnbaseRedisException("get", "interrupted", null))).isFalse();
		assertThat(Failures.isUnavailable(new CompletionException(new IllegalStateException()))).isFalse();
	}

}
