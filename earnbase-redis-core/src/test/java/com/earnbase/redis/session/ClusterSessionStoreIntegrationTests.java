package com.earnbase.redis.session;

import com.earnbase.redis.testsupport.RedisClusterFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/** The session store suite on a 6-node Redis Cluster (3 masters, 3 replicas). */
class ClusterSessionStoreIntegrationTests extends AbstractSessionStoreIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisClusterFixture.shared();
	}

}
