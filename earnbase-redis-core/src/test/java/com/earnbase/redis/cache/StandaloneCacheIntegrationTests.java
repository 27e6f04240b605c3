package com.earnbase.redis.cache;

import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;

/** The cache suite on a standalone Redis. */
class StandaloneCacheIntegrationTests extends AbstractCacheIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisTestServer.shared();
	}

}
