package com.earnbase.redis.session;

import com.earnbase.redis.testsupport.RedisSentinelFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/**
 * The session store suite on a Sentinel-managed master with a replica and three
 * sentinels.
 */
class SentinelSessionStoreIntegrationTests extends AbstractSessionStoreIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisSentinelFixture.shared();
	}

}
