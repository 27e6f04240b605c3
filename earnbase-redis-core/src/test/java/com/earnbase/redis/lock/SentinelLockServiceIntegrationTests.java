package com.earnbase.redis.lock;

import com.earnbase.redis.testsupport.RedisSentinelFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/** The lock suite on a Sentinel-managed master with a replica and three sentinels. */
class SentinelLockServiceIntegrationTests extends AbstractLockServiceIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisSentinelFixture.shared();
	}

}
