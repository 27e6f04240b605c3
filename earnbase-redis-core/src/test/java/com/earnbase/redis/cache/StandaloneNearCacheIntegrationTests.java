package com.earnbase.redis.cache;

import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;

/** The near cache suite on a standalone Redis. */
class StandaloneNearCacheIntegrationTests extends AbstractNearCacheIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisTestServer.shared();
	}

	@Override
	protected long killTrackingConnections() {
		return killTrackingConnections(topology().raw());
	}

}
