package com.earnbase.redis.pubsub;

import com.earnbase.redis.testsupport.RedisSentinelFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/** The pub/sub suite on a Sentinel-managed master with a replica and three sentinels. */
class SentinelPubSubIntegrationTests extends AbstractPubSubIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisSentinelFixture.shared();
	}

}
