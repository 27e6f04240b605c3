package com.earnbase.redis;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.earnbase.redis.support.PrimitiveSupport;

/**
 * A snapshot of the server for health checks: PING round trip, version, role and, on a
 * cluster, its state and slot coverage.
 *
 * @param ping the PING round-trip time
 * @param version the {@code redis_version} from INFO
 * @param role {@code master}, {@code slave} (replica) or {@code sentinel}
 * @param clusterState {@code ok} or {@code fail} on a cluster, null otherwise
 * @param slotsAssigned slots assigned to nodes on a cluster (16384 when fully covered),
 * -1 otherwise
 * @param slotsOk slots served by healthy nodes on a cluster, -1 otherwise
 */
public record RedisServerStatus(Duration ping, String version, String role, String clusterState, int slotsAssigned,
		int slotsOk) {

	/** Total number of hash slots of a Redis Cluster. */
	public static final int CLUSTER_SLOTS = 16384;

	/**
	 * Whether the server is usable: always for standalone, and for a cluster when its
	 * state is ok and every slot is covered.
	 * @return true when usable
	 */
	public boolean isHealthy() {
		return this.clusterState == null || ("ok".equals(this.clusterState) && this.slotsOk == CLUSTER_SLOTS);
	}

	/**
	 * Reads the status of the server behind a client.
	 * @param client the client: one the library built
	 * @return the status
	 * @throws EarnbaseRedisException when the server does not answer
	 */
	public static RedisServerStatus of(RedisClient client) {
		PrimitiveSupport support = PrimitiveSupport.of(client);
		Duration ping = client.ping();
		Map<String, String> server = parseInfo(
				support.await("info", support.call("info", (commands) -> commands.info("server"))));
		Map<String, String> replication = parseInfo(
				support.await("info", support.call("info", (commands) -> commands.info("replication"))));
		if (!support.isCluster()) {
			return new RedisServerStatus(ping, server.get("redis_version"), replication.get("role"), null, -1, -1);
		}
		Map<String, String> cluster = parseInfo(
				support.await("cluster", support.call("cluster", (commands) -> commands.clusterInfo())));
		return new RedisServerStatus(ping, server.get("redis_version"), replication.get("role"),
				cluster.get("cluster_state"), parseInt(cluster.get("cluster_slots_assigned")),
				parseInt(cluster.get("cluster_slots_ok")));
	}

	/**
	 * Parses the {@code field:value} lines of an INFO or CLUSTER INFO reply.
	 * @param info the reply
	 * @return the fields in order
	 */
	public static Map<String, String> parseInfo(String info) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String line : info.split("\r?\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && !line.startsWith("#")) {
				fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
			}
		}
		return fields;
	}

	private static int parseInt(String value) {
		return (value != null) ? Integer.parseInt(value) : -1;
	}

}
