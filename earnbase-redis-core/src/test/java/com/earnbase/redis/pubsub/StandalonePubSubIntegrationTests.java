package com.earnbase.redis.pubsub;

import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The pub/sub suite on a standalone Redis. */
class StandalonePubSubIntegrationTests extends AbstractPubSubIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisTestServer.shared();
	}

	@Test
	void shardedPubSubNeedsACluster() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisPubSubService(this.client, options().withSharded(true)))
			.withMessageContaining("Redis Cluster");
	}

}
