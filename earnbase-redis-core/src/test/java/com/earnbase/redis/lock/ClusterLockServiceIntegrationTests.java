package com.earnbase.redis.lock;

import com.earnbase.redis.testsupport.RedisClusterFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/** The lock suite on a 6-node Redis Cluster (3 masters, 3 replicas). */
class ClusterLockServiceIntegrationTests extends AbstractLockServiceIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisClusterFixture.shared();
	}

}
