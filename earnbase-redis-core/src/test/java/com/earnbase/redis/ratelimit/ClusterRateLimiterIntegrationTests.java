package com.earnbase.redis.ratelimit;

import com.earnbase.redis.testsupport.RedisClusterFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/** The rate limiter suite on a 6-node Redis Cluster (3 masters, 3 replicas). */
class ClusterRateLimiterIntegrationTests extends AbstractRateLimiterIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisClusterFixture.shared();
	}

}
