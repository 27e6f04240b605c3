package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.RedisConnectionLostException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start-up failure caused by a Redis server that cannot be reached. */
class RedisConnectFailureAnalyzer extends AbstractFailureAnalyzer<RedisConnectionLostException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RedisConnectionLostException cause) {
		return new FailureAnalysis("The earnbase Redis client could not connect: " + cause.getMessage(),
				"Check that Redis is running and that 'earnbase.redis.url' (or 'earnbase.redis.cluster.nodes') "
						+ "points at it.",
				cause);
	}

}
