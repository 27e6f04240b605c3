package com.earnbase.redis.failover;

import java.util.function.Predicate;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.testsupport.RedisSentinelFixture;
import com.earnbase.redis.testsupport.RedisServerProcess;

/**
 * The cache, session and pub/sub failover test on a Sentinel group: the master (which
 * holds every key and the subscriber's connection) is killed, a Sentinel promotes the
 * replica.
 */
class SentinelPrimitivesFailoverIntegrationTests
		extends AbstractPrimitivesFailoverIntegrationTests<RedisSentinelFixture> {

	@Override
	protected RedisSentinelFixture startDeployment() {
		return RedisSentinelFixture.dedicated();
	}

	@Override
	protected RedisServerProcess masterToCrash(RedisSentinelFixture deployment, LettuceRedisClient subscriber) {
		return deployment.master();
	}

	@Override
	protected Predicate<String> keysServedBy(RedisSentinelFixture deployment, RedisServerProcess master) {
		return (key) -> true;
	}

	@Override
	protected RedisServerProcess awaitPromotion(RedisSentinelFixture deployment, RedisServerProcess crashed,
			String key) {
		return deployment.awaitFailover(crashed);
	}

}
