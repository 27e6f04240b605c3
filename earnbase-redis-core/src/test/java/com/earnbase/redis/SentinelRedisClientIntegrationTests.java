package com.earnbase.redis;

import com.earnbase.redis.testsupport.RedisSentinelFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/** The {@link RedisClient} suite through Redis Sentinel. */
class SentinelRedisClientIntegrationTests extends AbstractRedisClientIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisSentinelFixture.shared();
	}

}
