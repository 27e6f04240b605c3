package com.earnbase.redis.lock;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.testsupport.RedisClusterFixture;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code replicas-to-ack} on a Redis Cluster of this test's own: WAIT must run on the
 * connection to the master of the lock's slot, the one that carried the acquire. With the
 * replica of one master frozen (SIGSTOP, shorter than the node timeout), only locks on
 * that master fail; a WAIT sent to any other node would have found nothing of ours to
 * wait for and answered at once with that node's healthy replica.
 */
class ClusterLockReplicaAckIntegrationTests {

	@Test
	void waitRunsOnTheMasterOfTheLocksSlot() {
		String prefix = RedisTopology.uniquePrefix("lock-ack-cluster");
		try (RedisClusterFixture cluster = RedisClusterFixture.dedicated();
				LettuceRedisClient client = cluster.clientBuilder().prefix(prefix).build();
				RedisLockService locks = new RedisLockService(client,
						// 1 s, not the default 100 ms: a replica that was just started or
						// thawed may take longer than 100 ms to acknowledge on a loaded
						// machine
						LockOptions.defaults().withReplicasToAck(1).withReplicasAckTimeout(Duration.ofSeconds(1)))) {
			// One lock name per master.
			Map<Integer, String> nameByMasterPort = new LinkedHashMap<>();
			for (int i = 0; nameByMasterPort.size() < 3; i++) {
				String name = "job" + i;
				nameByMasterPort.putIfAbsent(cluster.masterOf(prefix + ":lock:{" + name + "}").port(), name);
			}
			nameByMasterPort.values()
				.forEach((name) -> locks.tryAcquire(name, Duration.ofSeconds(30)).orElseThrow().release());

			for (Map.Entry<Integer, String> frozenMaster : nameByMasterPort.entrySet()) {
				RedisServerProcess master = cluster.masterOf(prefix + ":lock:{" + frozenMaster.getValue() + "}");
				try (StoppedProcess frozen = StoppedProcess.stop(cluster.replicaOf(master))) {
					for (String name : nameByMasterPort.values()) {
						if (name.equals(frozenMaster.getValue())) {
							assertThatThrownBy(() -> locks.tryAcquire(name, Duration.ofSeconds(30)))
								.as("a lock on the master whose replica is frozen")
								.isInstanceOf(LockNotReplicatedException.class);
						}
						else {
							LockHandle lock = locks.tryAcquire(name, Duration.ofSeconds(30)).orElseThrow();
							assertThat(lock.isHeld()).isTrue();
							lock.release();
						}
					}
				}
				cluster.awaitHealthy();
			}
		}
	}

}
