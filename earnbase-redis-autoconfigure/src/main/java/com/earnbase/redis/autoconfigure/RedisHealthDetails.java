package com.earnbase.redis.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisServerStatus;

/**
 * What the {@code earnbase-redis} health contributor reports, without a Boot type, so the
 * health indicators of every Boot line report the same: PING round trip, server version
 * and role, and for a cluster its state and slot coverage.
 *
 * @param status {@code UP} or {@code DOWN}
 * @param details the details, in a stable order
 */
public record RedisHealthDetails(String status, Map<String, Object> details) {

	/**
	 * Checks the server.
	 * @param client the client to check, one the library built
	 * @return the status and details
	 */
	public static RedisHealthDetails check(RedisClient client) {
		RedisServerStatus status = RedisServerStatus.of(client);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("pingMs", status.ping().toNanos() / 1_000_000.0);
		details.put("version", status.version());
		details.put("role", status.role());
		if (status.clusterState() != null) {
			details.put("clusterState", status.clusterState());
			details.put("slotsAssigned", status.slotsAssigned());
			details.put("slotsOk", status.slotsOk());
		}
		return new RedisHealthDetails(status.isHealthy() ? "UP" : "DOWN", details);
	}

}
