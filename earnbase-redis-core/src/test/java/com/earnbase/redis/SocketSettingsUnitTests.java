package com.earnbase.redis;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The socket settings of the builder are checked before any connection is made, with a
 * message naming the argument.
 */
class SocketSettingsUnitTests {

	private static RedisClientBuilder builder() {
		return RedisClient.builder().url("redis://127.0.0.1:1");
	}

	@Test
	void tcpUserTimeoutMustBePositiveMilliseconds() {
		assertThatThrownBy(() -> builder().tcpUserTimeout(Duration.ZERO).build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("tcpUserTimeout must be positive");
		assertThatThrownBy(() -> builder().tcpUserTimeout(Duration.ofNanos(500)).build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("tcpUserTimeout must be at least 1 ms");
		assertThatThrownBy(() -> builder().tcpUserTimeout(Duration.ofDays(30)).build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("tcpUserTimeout must be between 1 ms and");
	}

	@Test
	void keepAliveTakesWholeSecondsAndAPositiveCount() {
		assertThatThrownBy(() -> builder().keepAlive(null, Duration.ofSeconds(1), 3))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("keepAlive.idle");
		assertThatThrownBy(() -> builder().keepAlive(Duration.ofMillis(1500), Duration.ofSeconds(1), 3).build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("keepAlive.idle must be a whole number of seconds");
		assertThatThrownBy(() -> builder().keepAlive(Duration.ofSeconds(30), Duration.ZERO, 3).build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("keepAlive.interval must be positive");
		assertThatThrownBy(() -> builder().keepAlive(Duration.ofSeconds(30), Duration.ofSeconds(5), 0).build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("keepAlive.count must be positive but was 0");
	}

}
