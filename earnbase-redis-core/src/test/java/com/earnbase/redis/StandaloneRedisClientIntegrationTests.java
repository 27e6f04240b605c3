package com.earnbase.redis;

import java.time.Duration;

import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link RedisClient} suite on one standalone server. */
class StandaloneRedisClientIntegrationTests extends AbstractRedisClientIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisTestServer.shared();
	}

	@Test
	void unreachableServerFailsFastWithClearError() {
		int port = RedisServerProcess.freePort();
		long start = System.nanoTime();
		assertThatThrownBy(() -> RedisClient.builder()
			.url("redis://user:s3cret@127.0.0.1:" + port)
			.connectTimeout(Duration.ofSeconds(1))
			.build()).isInstanceOf(RedisConnectionLostException.class)
			.hasMessageContaining("connect")
			.hasMessageContaining("127.0.0.1:" + port)
			.hasMessageNotContaining("s3cret");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

}
