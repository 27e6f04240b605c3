package com.earnbase.redis.session;

import com.earnbase.redis.testsupport.RedisAclFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/**
 * The session store suite as an ACL user restricted to its prefix ({@code ~app:*},
 * {@code &app:*}): no NOPERM anywhere.
 */
class AclSessionStoreIntegrationTests extends AbstractSessionStoreIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisAclFixture.shared();
	}

}
