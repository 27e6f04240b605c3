package com.earnbase.redis.failover;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.testsupport.RedisClusterFixture;
import com.earnbase.redis.testsupport.RedisServerProcess;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The cache, session and pub/sub failover test on a Redis Cluster: the node that holds
 * the subscriber's pub/sub connection is made a master if it is not one (a coordinated
 * {@code CLUSTER FAILOVER}, no data lost), the test's keys are chosen on it, and it is
 * killed; its replica takes over.
 */
class ClusterPrimitivesFailoverIntegrationTests
		extends AbstractPrimitivesFailoverIntegrationTests<RedisClusterFixture> {

	/** A {@code CLIENT LIST} line of a connection with channel subscriptions. */
	private static final Pattern SUBSCRIBED = Pattern.compile("(^|\\s)sub=[1-9]");

	@Override
	protected RedisClusterFixture startDeployment() {
		return RedisClusterFixture.dedicated();
	}

	@Override
	protected RedisServerProcess masterToCrash(RedisClusterFixture deployment, LettuceRedisClient subscriber) {
		// Classic pub/sub on a cluster: one connection to any node, which hears every
		// node's messages. Only the test's clients use this cluster, and only the
		// subscriber subscribes.
		List<RedisServerProcess> holding = deployment.nodes()
			.stream()
			.filter((node) -> node.call(RedisCommands::clientList).lines().anyMatch(SUBSCRIBED.asPredicate()))
			.toList();
		if (holding.size() != 1) {
			throw new IllegalStateException("expected one node with the subscriber's connection, found " + holding);
		}
		RedisServerProcess node = holding.get(0);
		if (!deployment.masters().contains(node)) {
			deployment.failover(node);
		}
		deployment.awaitHealthy();
		return node;
	}

	@Override
	protected Predicate<String> keysServedBy(RedisClusterFixture deployment, RedisServerProcess master) {
		return deployment.keysServedBy(master);
	}

	@Override
	protected RedisServerProcess awaitPromotion(RedisClusterFixture deployment, RedisServerProcess crashed,
			String key) {
		return deployment.awaitMaster(key, crashed);
	}

}
