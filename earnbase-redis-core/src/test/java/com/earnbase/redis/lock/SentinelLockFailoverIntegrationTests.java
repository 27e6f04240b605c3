package com.earnbase.redis.lock;

import com.earnbase.redis.testsupport.RedisSentinelFixture;

/**
 * The lock and limit failover test on a Sentinel group: the master is killed, a Sentinel
 * promotes the replica.
 */
class SentinelLockFailoverIntegrationTests extends AbstractLockFailoverIntegrationTests<RedisSentinelFixture> {

	@Override
	protected RedisSentinelFixture startDeployment() {
		return RedisSentinelFixture.dedicated();
	}

	@Override
	protected void crashMasterOf(RedisSentinelFixture deployment, String key) {
		deployment.awaitFailover(deployment.killMaster());
	}

}
