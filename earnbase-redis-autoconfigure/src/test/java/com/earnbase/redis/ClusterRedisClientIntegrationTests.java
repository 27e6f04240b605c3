package com.earnbase.redis;

import com.earnbase.redis.testsupport.RedisClusterFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/** The {@link RedisClient} suite on a Redis Cluster of 3 masters and 3 replicas. */
class ClusterRedisClientIntegrationTests extends AbstractRedisClientIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisClusterFixture.shared();
	}

}
