package com.earnbase.redis.cache;

import com.earnbase.redis.testsupport.RedisSentinelFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/** The cache suite on a Sentinel-managed master with a replica and three sentinels. */
class SentinelCacheIntegrationTests extends AbstractCacheIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisSentinelFixture.shared();
	}

}
