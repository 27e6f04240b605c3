package com.earnbase.redis.lock;

import com.earnbase.redis.testsupport.RedisClusterFixture;

/**
 * The lock and limit failover test on a Redis Cluster: the lock's master is killed, its
 * replica takes over.
 */
class ClusterLockFailoverIntegrationTests extends AbstractLockFailoverIntegrationTests<RedisClusterFixture> {

	@Override
	protected RedisClusterFixture startDeployment() {
		return RedisClusterFixture.dedicated();
	}

	@Override
	protected void crashMasterOf(RedisClusterFixture deployment, String key) {
		deployment.awaitMaster(key, deployment.killMasterOf(key));
	}

}
