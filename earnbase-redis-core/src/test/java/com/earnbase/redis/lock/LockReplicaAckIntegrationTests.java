package com.earnbase.redis.lock;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code replicas-to-ack} on a master with one replica of this test's own: acquisitions
 * and extensions count only once the replica acknowledged them, and a replica that stops
 * acknowledging (SIGSTOP) makes them fail and leaves no lock behind.
 */
class LockReplicaAckIntegrationTests {

	private static RedisServerProcess master;

	private static RedisServerProcess replica;

	private final String prefix = RedisTopology.uniquePrefix("lock-ack");

	@BeforeAll
	static void start() {
		master = RedisTestServer.dedicated();
		replica = RedisTestServer.dedicated("--replicaof", "127.0.0.1", Integer.toString(master.port()));
		RedisServerProcess.awaitUntil("the replica in sync", Duration.ofSeconds(20),
				() -> replica.call(RedisCommands::info).contains("master_link_status:up"));
	}

	@AfterAll
	static void stop() {
		replica.close();
		master.close();
	}

	@Test
	void anAcknowledgedLockIsOnTheReplicaWhenTheAcquireReturns() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (LettuceRedisClient client = client(registry);
				RedisLockService locks = new RedisLockService(client, LockOptions.defaults().withReplicasToAck(1))) {
			for (int i = 0; i < 20; i++) {
				LockHandle lock = locks.acquire("acked", Duration.ofSeconds(30), Duration.ofSeconds(1));
				// WAIT returned after the replica had the write: it is there, no polling.
				String onReplica = replica.call((commands) -> commands.get(this.prefix + ":lock:{acked}"));
				assertThat(onReplica).isEqualTo(lock.id());
				assertThat(lock.extend(Duration.ofSeconds(20))).isTrue();
				lock.release();
			}
			Timer waits = registry.get("earnbase.redis.command")
				.tag("command", ReplicaAcks.OPERATION)
				.tag("outcome", "success")
				.timer();
			assertThat(waits.count()).as("one WAIT per acquire and per extend").isEqualTo(40);
		}
	}

	@Test
	void withoutAcknowledgementsTheAcquireFailsAndLeavesNoLock() throws Exception {
		try (LettuceRedisClient client = client(null);
				RedisLockService locks = new RedisLockService(client,
						LockOptions.defaults().withReplicasToAck(1).withReplicasAckTimeout(Duration.ofMillis(100)));
				RedisLockService plain = new RedisLockService(client)) {
			try (StoppedProcess frozen = StoppedProcess.stop(replica)) {
				long start = System.nanoTime();
				assertThatThrownBy(() -> locks.tryAcquire("frozen", Duration.ofSeconds(30)))
					.isInstanceOfSatisfying(LockNotReplicatedException.class, (ex) -> {
						assertThat(ex.acknowledged()).isZero();
						assertThat(ex.required()).isEqualTo(1);
						assertThat(ex.operation()).isEqualTo("lock.acquire");
					});
				assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(90);
				awaitGone("frozen");

				// A waiting acquire retries within its wait, then reports the replicas,
				// not
				// a timeout.
				start = System.nanoTime();
				assertThatThrownBy(() -> locks.acquire("frozen", Duration.ofMillis(600)))
					.isInstanceOf(LockNotReplicatedException.class);
				assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(600);
				awaitGone("frozen");

				// The master alone would have granted it: the service without the option
				// does.
				plain.tryAcquire("frozen", Duration.ofSeconds(30)).orElseThrow().release();
			}
			locks.acquire("frozen", Duration.ofSeconds(30), Duration.ofSeconds(5)).release();
		}
	}

	@Test
	void anUnacknowledgedExtensionFailsAndReleasesTheLock() throws Exception {
		try (LettuceRedisClient client = client(null);
				RedisLockService locks = new RedisLockService(client, LockOptions.defaults().withReplicasToAck(1))) {
			LockHandle lock = locks.acquire("extend", Duration.ofSeconds(30), Duration.ofSeconds(1));
			CountDownLatch lost = new CountDownLatch(1);
			lock.onLeaseLost(lost::countDown);
			try (StoppedProcess frozen = StoppedProcess.stop(replica)) {
				assertThat(lock.extend(Duration.ofSeconds(30))).isFalse();
				assertThat(lost.await(1, TimeUnit.SECONDS)).isTrue();
				assertThat(lock.isHeld()).isFalse();
				awaitGone("extend");
			}
		}
	}

	@Test
	void moreReplicasThanThereAreNeverAcknowledge() {
		try (LettuceRedisClient client = client(null);
				RedisLockService locks = new RedisLockService(client, LockOptions.defaults().withReplicasToAck(2))) {
			assertThatThrownBy(() -> locks.tryAcquire("two", Duration.ofSeconds(30)))
				.isInstanceOfSatisfying(LockNotReplicatedException.class, (ex) -> {
					assertThat(ex.acknowledged()).isEqualTo(1);
					assertThat(ex.getMessage()).contains("1 of 2 replicas");
				});
		}
	}

	@Test
	void badSettingsAreRejectedBeforeAnyIo() {
		Duration second = Duration.ofSeconds(1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LockOptions("lock", second, second, second, -1, Duration.ofMillis(100)))
			.withMessageStartingWith("replicasToAck ");
		assertThatIllegalArgumentException().isThrownBy(() -> LockOptions.defaults().withReplicasToAck(-2))
			.withMessageStartingWith("replicasToAck ");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LockOptions.defaults().withReplicasAckTimeout(Duration.ZERO))
			.withMessageStartingWith("replicasAckTimeout ");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LockOptions.defaults().withReplicasAckTimeout(Duration.ofMillis(-5)))
			.withMessageStartingWith("replicasAckTimeout ");
		assertThatIllegalArgumentException().isThrownBy(() -> LockOptions.defaults().withReplicasAckTimeout(null))
			.withMessageStartingWith("replicasAckTimeout ");
		// WAIT must end before the client gives up on it; checked when the service is
		// built, before any command.
		try (LettuceRedisClient client = RedisClient.builder()
			.url(master.url())
			.prefix(this.prefix)
			.timeout(Duration.ofMillis(500))
			.build()) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new RedisLockService(client,
						LockOptions.defaults().withReplicasToAck(1).withReplicasAckTimeout(Duration.ofMillis(500))))
				.withMessageStartingWith("replicasAckTimeout ");
			// Without replicas to acknowledge, the timeout does not apply.
			new RedisLockService(client, LockOptions.defaults().withReplicasAckTimeout(Duration.ofSeconds(5))).close();
		}
		assertThat(new LockOptions("lock", second, second, second))
			.isEqualTo(LockOptions.defaults().withLeaseTime(second).withMaxHoldTime(second).withPollInterval(second));
	}

	private LettuceRedisClient client(SimpleMeterRegistry registry) {
		return RedisClient.builder().url(master.url()).prefix(this.prefix).meterRegistry(registry).build();
	}

	private void awaitGone(String key) {
		RedisServerProcess.awaitUntil("the unacknowledged lock released", Duration.ofSeconds(3),
				() -> master.call((commands) -> commands.exists(this.prefix + ":lock:{" + key + "}")) == 0);
	}

}
