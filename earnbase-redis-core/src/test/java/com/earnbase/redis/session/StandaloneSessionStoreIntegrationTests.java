package com.earnbase.redis.session;

import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;

/** The session store suite on a standalone Redis. */
class StandaloneSessionStoreIntegrationTests extends AbstractSessionStoreIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisTestServer.shared();
	}

}
