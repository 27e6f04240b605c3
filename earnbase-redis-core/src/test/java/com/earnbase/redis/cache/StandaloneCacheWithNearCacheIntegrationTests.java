package com.earnbase.redis.cache;

import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;

/**
 * The whole cache suite with a near cache on every cache: single flight, null caching,
 * early refresh and the failure policy behave as without one.
 */
class StandaloneCacheWithNearCacheIntegrationTests extends AbstractCacheIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisTestServer.shared();
	}

	@Override
	protected RedisCacheOptions suiteOptions(RedisCacheOptions options) {
		return options.withNearCache(NearCacheOptions.defaults().withEnabled(true));
	}

}
