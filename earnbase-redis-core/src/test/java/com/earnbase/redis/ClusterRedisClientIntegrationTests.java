package com.earnbase.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.earnbase.redis.testsupport.RedisClusterFixture;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The {@link RedisClient} suite on a Redis Cluster of 3 masters and 3 replicas, plus
 * where reads go.
 */
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
				LettuceRedisClient replicas = this.cluster.clientBuilder()
					.prefix(prefix)
					.readFromReplicas(true)
					.build()) {
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

	@Test
	void commandsSentOnceSucceedWhileTheTopologyIsRefreshed() {
		// Every refresh opens a connection per node and closes it again; closing those on
		// purpose must not fail
		// the commands that are never sent twice (INCR, SET NX, scripts, PUBLISH) on the
		// client's own connections.
		String prefix = this.cluster.newPrefix("refresh");
		try (LettuceRedisClient refreshing = this.cluster.clientBuilder()
			.prefix(prefix)
			.clusterRefreshPeriod(Duration.ofMillis(20))
			.build()) {
			long sent = 0;
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
			while (System.nanoTime() < end) {
				List<CompletableFuture<Long>> increments = IntStream.range(0, 50)
					.mapToObj((i) -> refreshing.async().increment("counter"))
					.toList();
				assertThat(CompletableFuture.allOf(increments.toArray(CompletableFuture[]::new)))
					.succeedsWithin(Duration.ofSeconds(10));
				sent += increments.size();
			}
			assertThat(refreshing.get("counter")).isEqualTo(String.valueOf(sent));
		}
		finally {
			this.cluster.deleteKeys(prefix);
		}
	}

	@Test
	void refreshPeriodMustBePositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.cluster.clientBuilder().clusterRefreshPeriod(Duration.ZERO).build())
			.withMessageContaining("clusterRefreshPeriod");
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
