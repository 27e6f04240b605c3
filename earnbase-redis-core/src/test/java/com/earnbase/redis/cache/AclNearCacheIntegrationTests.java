package com.earnbase.redis.cache;

import com.earnbase.redis.testsupport.RedisAclFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/** The near cache suite on a server with an ACL user. */
class AclNearCacheIntegrationTests extends AbstractNearCacheIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisAclFixture.shared();
	}

	@Override
	protected long killTrackingConnections() {
		return killTrackingConnections(topology().raw());
	}

}
