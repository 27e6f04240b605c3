package com.earnbase.redis.lock;

import java.time.Duration;
import java.util.Optional;

import com.earnbase.redis.EarnbaseRedisException;
import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.ratelimit.RateLimitDecision;
import com.earnbase.redis.ratelimit.RedisRateLimiter;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisSentinelFixture;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kills the master of a Sentinel group while a lock is held and a limit is exhausted. Redis replicates
 * asynchronously, so the promoted replica may or may not know them; either way the guarantees that fencing and the
 * limiter make must hold: a lock that survived still excludes, a lock that was lost hands the next holder a greater
 * fencing token, and a limit never admits more than once its limit again after the failover.
 */
@Tag("slow")
class LockFailoverIntegrationTests {

	@Test
	void locksAndLimitsKeepTheirGuaranteesAcrossAMasterCrash() {
		String prefix = RedisTopology.uniquePrefix("failover");
		try (RedisSentinelFixture group = RedisSentinelFixture.dedicated();
				LettuceRedisClient holderClient = group.clientBuilder().prefix(prefix).timeout(Duration.ofSeconds(1)).build();
				LettuceRedisClient otherClient = group.clientBuilder().prefix(prefix).timeout(Duration.ofSeconds(1)).build();
				RedisLockService holder = new RedisLockService(holderClient);
				RedisLockService other = new RedisLockService(otherClient)) {
			RedisRateLimiter limiter = new RedisRateLimiter(otherClient);
			LockHandle held = holder.acquire("job", Duration.ofMinutes(1), Duration.ofSeconds(5));
			int limit = 3;
			for (int i = 0; i < limit; i++) {
				assertThat(limiter.tryAcquire("api", limit, Duration.ofMinutes(5)).allowed()).isTrue();
			}

			RedisServerProcess former = group.killMaster();
			group.awaitFailover(former);

			Optional<LockHandle> next = await().atMost(Duration.ofSeconds(20))
				.ignoreExceptionsInstanceOf(EarnbaseRedisException.class)
				.until(() -> other.tryAcquire("job", Duration.ofSeconds(30)), (result) -> true);
			if (next.isPresent()) {
				// The lock did not reach the replica: the new holder's token still fences the old one out.
				assertThat(next.get().fencingToken()).isGreaterThan(held.fencingToken());
				next.get().release();
			}
			else {
				// The lock was replicated: it still excludes, and it is still the first holder's.
				assertThat(held.isHeld()).isTrue();
				held.release();
			}
			int admittedAfter = 0;
			for (int i = 0; i < limit * 3; i++) {
				RateLimitDecision decision = limiter.tryAcquire("api", limit, Duration.ofMinutes(5));
				admittedAfter += decision.allowed() ? 1 : 0;
			}
			// Lost counters may admit one more full limit (documented); never more than that.
			assertThat(admittedAfter).isLessThanOrEqualTo(limit);
		}
	}

}
