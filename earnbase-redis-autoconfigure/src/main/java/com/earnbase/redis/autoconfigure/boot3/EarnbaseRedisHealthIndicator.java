package com.earnbase.redis.autoconfigure.boot3;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisServerStatus;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Health of the earnbase Redis client ({@code earnbase-redis}): PING round trip, server
 * version and role, and for a cluster its state and slot coverage; DOWN with the error
 * when Redis does not answer.
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
		RedisServerStatus status = RedisServerStatus.of(this.client);
		builder.status(status.isHealthy() ? "UP" : "DOWN")
			.withDetail("pingMs", status.ping().toNanos() / 1_000_000.0)
			.withDetail("version", status.version())
			.withDetail("role", status.role());
		if (status.clusterState() != null) {
			builder.withDetail("clusterState", status.clusterState())
				.withDetail("slotsAssigned", status.slotsAssigned())
				.withDetail("slotsOk", status.slotsOk());
		}
	}

}
