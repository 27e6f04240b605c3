package com.earnbase.redis.cache;

import java.time.Duration;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cache suite on a standalone Redis, plus what only a single server can count
 * (channel subscribers).
 */
class StandaloneCacheIntegrationTests extends AbstractCacheIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisTestServer.shared();
	}

	@Test
	void closeUnsubscribesItsNotificationChannelAndLeavesOtherCachesSubscribed() {
		try (LettuceRedisClient client = topology().newClient("cache-close")) {
			RedisCache closing = new RedisCache(client, RedisCacheOptions.defaults());
			RedisCache staying = new RedisCache(client, RedisCacheOptions.defaults().withNamespace("other"));
			String closingChannel = client.channel("cache:loaded");
			String stayingChannel = client.channel("other:loaded");
			assertThat(subscribers(closingChannel)).isEqualTo(1);
			assertThat(subscribers(stayingChannel)).isEqualTo(1);
			closing.close();
			await().atMost(Duration.ofSeconds(5)).until(() -> subscribers(closingChannel) == 0);
			closing.close();
			assertThat(subscribers(stayingChannel)).isEqualTo(1);
			assertThat(staying.getOrSet("k", String.class, () -> "v")).isEqualTo("v");
			staying.close();
			await().atMost(Duration.ofSeconds(5)).until(() -> subscribers(stayingChannel) == 0);
		}
	}

	private long subscribers(String channel) {
		return topology().raw().pubsubNumsub(channel).getOrDefault(channel, 0L);
	}

}
