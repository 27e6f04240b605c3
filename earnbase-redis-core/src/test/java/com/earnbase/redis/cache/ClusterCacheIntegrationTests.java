package com.earnbase.redis.cache;

import com.earnbase.redis.testsupport.RedisClusterFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/** The cache suite on a 6-node Redis Cluster (3 masters, 3 replicas). */
class ClusterCacheIntegrationTests extends AbstractCacheIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisClusterFixture.shared();
	}

}
