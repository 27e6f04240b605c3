package com.earnbase.redis.cache;

import com.earnbase.redis.testsupport.RedisAclFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/**
 * The cache suite as an ACL user restricted to its prefix ({@code ~app:*},
 * {@code &app:*}): no NOPERM anywhere.
 */
class AclCacheIntegrationTests extends AbstractCacheIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisAclFixture.shared();
	}

}
