package com.earnbase.redis.ratelimit;

import com.earnbase.redis.testsupport.RedisSentinelFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/**
 * The rate limiter suite on a Sentinel-managed master with a replica and three sentinels.
 */
class SentinelRateLimiterIntegrationTests extends AbstractRateLimiterIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisSentinelFixture.shared();
	}

}
