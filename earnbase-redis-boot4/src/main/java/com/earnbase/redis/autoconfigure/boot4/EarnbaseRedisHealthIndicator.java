package com.earnbase.redis.autoconfigure.boot4;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.autoconfigure.RedisHealthDetails;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the earnbase Redis client ({@code earnbase-redis}): PING round trip, server
 * version and role, and for a cluster its state and slot coverage; DOWN with the error
 * when Redis does not answer. On Boot 4 ({@code spring-boot-health}).
 */
public class EarnbaseRedisHealthIndicator extends AbstractHealthIndicator {

	private final RedisClient client;

	/**
	 * Creates the indicator.
	 * @param client the client to check, one the library built
	 */
	public EarnbaseRedisHealthIndicator(RedisClient client) {
		super("Redis health check failed");
		this.client = client;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		RedisHealthDetails health = RedisHealthDetails.check(this.client);
		builder.status(health.status()).withDetails(health.details());
	}

}
