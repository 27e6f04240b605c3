package com.earnbase.redis.cache;

import com.earnbase.redis.testsupport.RedisSentinelFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/** The near cache suite on a Sentinel-managed master. */
class SentinelNearCacheIntegrationTests extends AbstractNearCacheIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisSentinelFixture.shared();
	}

	@Override
	protected long killTrackingConnections() {
		return killTrackingConnections(topology().raw());
	}

}
