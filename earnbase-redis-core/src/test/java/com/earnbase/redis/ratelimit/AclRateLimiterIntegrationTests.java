package com.earnbase.redis.ratelimit;

import com.earnbase.redis.testsupport.RedisAclFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/**
 * The rate limiter suite as an ACL user restricted to its prefix ({@code ~app:*},
 * {@code &app:*}): no NOPERM anywhere.
 */
class AclRateLimiterIntegrationTests extends AbstractRateLimiterIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisAclFixture.shared();
	}

}
