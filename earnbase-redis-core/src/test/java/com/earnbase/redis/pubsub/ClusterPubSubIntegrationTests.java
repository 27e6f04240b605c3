package com.earnbase.redis.pubsub;

import com.earnbase.redis.testsupport.RedisClusterFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/** The pub/sub suite on a 6-node Redis Cluster (3 masters, 3 replicas). */
class ClusterPubSubIntegrationTests extends AbstractPubSubIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisClusterFixture.shared();
	}

	@Override
	protected boolean publishCountsEveryReceiver() {
		return false;
	}

}
