package com.earnbase.redis;

import com.earnbase.redis.testsupport.RedisClusterFixture;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@link RedisClient} suite on a Redis Cluster of 3 masters and 3 replicas, plus where reads go. */
class ClusterRedisClientIntegrationTests extends AbstractRedisClientIntegrationTests {

	private final RedisClusterFixture cluster = RedisClusterFixture.shared();

	@Override
	protected RedisTopology topology() {
		return this.cluster;
	}

	@Test
	void readsGoToMastersByDefaultAndToReplicasWhenAsked() {
		String prefix = this.cluster.newPrefix("reads");
		try (LettuceRedisClient masters = this.cluster.clientBuilder().prefix(prefix).build();
				LettuceRedisClient replicas = this.cluster.clientBuilder().prefix(prefix).readFromReplicas(true).build()) {
			masters.set("k", "v");
			RedisServerProcess master = this.cluster.masterOf(masters.key("k"));
			RedisServerProcess replica = this.cluster.replicaOf(master);
			master.call((commands) -> commands.configResetstat());
			replica.call((commands) -> commands.configResetstat());
			for (int i = 0; i < 20; i++) {
				masters.get("k");
			}
			assertThat(getCalls(master)).isEqualTo(20);
			assertThat(getCalls(replica)).isZero();
			for (int i = 0; i < 20; i++) {
				replicas.get("k");
			}
			assertThat(getCalls(replica)).isEqualTo(20);
			assertThat(getCalls(master)).isEqualTo(20);
			this.cluster.deleteKeys(prefix);
		}
	}

	private static long getCalls(RedisServerProcess node) {
		String stats = node.call((commands) -> commands.info("commandstats"));
		for (String line : stats.split("\r?\n")) {
			if (line.startsWith("cmdstat_get:")) {
				return Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(',')));
			}
		}
		return 0;
	}

}
