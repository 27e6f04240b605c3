package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.testsupport.RedisClusterFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/** The Spring cache contract on a 6-node Redis Cluster (3 masters, 3 replicas). */
class ClusterSpringCacheContractTests extends AbstractSpringCacheContractTests {

	@Override
	protected RedisTopology topology() {
		return RedisClusterFixture.shared();
	}

}
