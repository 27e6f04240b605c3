package com.earnbase.redis.pubsub;

import com.earnbase.redis.testsupport.RedisClusterFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/** The pub/sub suite on a Redis Cluster with sharded pub/sub (SPUBLISH/SSUBSCRIBE). */
class ShardedClusterPubSubIntegrationTests extends AbstractPubSubIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisClusterFixture.shared();
	}

	@Override
	protected PubSubOptions options() {
		return PubSubOptions.defaults().withSharded(true);
	}

}
