package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;

/** The Spring cache contract on a standalone Redis. */
class StandaloneSpringCacheContractTests extends AbstractSpringCacheContractTests {

	@Override
	protected RedisTopology topology() {
		return RedisTestServer.shared();
	}

}
