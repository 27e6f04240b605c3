package com.earnbase.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.testsupport.RedisSentinelFixture;
import com.earnbase.redis.testsupport.RedisServerProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the master of a Sentinel group during a steady stream of writes: the client finds
 * the promoted replica through the Sentinels by itself, and only writes acknowledged just
 * before the crash may be lost (asynchronous replication).
 */
@Tag("slow")
class SentinelFailoverIntegrationTests {

	@Test
	void clientFollowsTheNewMasterAfterMasterCrash() throws Exception {
		try (RedisSentinelFixture group = RedisSentinelFixture.dedicated();
				LettuceRedisClient client = group.clientBuilder().timeout(Duration.ofSeconds(1)).build()) {
			SteadyWrites writes = new SteadyWrites(client, "sentinel");
			writes.awaitAcks(50);
			RedisServerProcess master = group.killMaster();
			long killedAt = System.nanoTime();
			RedisServerProcess promoted = group.awaitFailover(master);
			long promotedAt = System.nanoTime();
			SteadyWrites.Ack firstAfter = writes.awaitAckSentAfter(killedAt, 30_000);
			SteadyWrites.Ack afterPromotion = writes.awaitAckSentAfter(promotedAt, 30_000);
			writes.close();
			assertThat(firstAfter).as("a write sent after the crash is acknowledged").isNotNull();
			assertThat(promoted.port()).isNotEqualTo(master.port());
			long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(firstAfter.ackedNanos() - killedAt);
			long afterPromotionMillis = TimeUnit.NANOSECONDS.toMillis(afterPromotion.ackedNanos() - promotedAt);
			System.out.printf(
					"sentinel failover: promotion after %d ms, first write acknowledged %d ms after the "
							+ "crash, %d ms after the promotion, %d writes failed meanwhile%n",
					TimeUnit.NANOSECONDS.toMillis(promotedAt - killedAt), recoveryMillis, afterPromotionMillis,
					writes.failures());
			assertThat(recoveryMillis).isLessThan(15_000);
			assertThat(afterPromotionMillis).isLessThan(5_000);
			assertThat(client.get("w:{sentinel}:0")).isEqualTo("0");
			ClusterFailoverIntegrationTests.assertLostOnlyJustBeforeCrash(client, writes.acks(), killedAt);
		}
	}

}
