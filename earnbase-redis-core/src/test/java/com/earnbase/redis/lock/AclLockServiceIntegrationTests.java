package com.earnbase.redis.lock;

import com.earnbase.redis.testsupport.RedisAclFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/**
 * The lock suite as an ACL user restricted to its prefix ({@code ~app:*},
 * {@code &app:*}): no NOPERM anywhere.
 */
class AclLockServiceIntegrationTests extends AbstractLockServiceIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisAclFixture.shared();
	}

}
