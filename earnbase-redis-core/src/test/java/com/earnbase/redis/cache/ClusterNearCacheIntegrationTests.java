package com.earnbase.redis.cache;

import com.earnbase.redis.testsupport.RedisClusterFixture;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTopology;

/** The near cache suite on a 6-node Redis Cluster: keys on every master. */
class ClusterNearCacheIntegrationTests extends AbstractNearCacheIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisClusterFixture.shared();
	}

	@Override
	protected long killTrackingConnections() {
		long killed = 0;
		for (RedisServerProcess master : RedisClusterFixture.shared().masters()) {
			killed += master.call(AbstractNearCacheIntegrationTests::killTrackingConnections);
		}
		return killed;
	}

}
