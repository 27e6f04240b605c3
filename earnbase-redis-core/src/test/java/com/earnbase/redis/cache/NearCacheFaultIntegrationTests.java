package com.earnbase.redis.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.earnbase.redis.EarnbaseRedisException;
import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisCommandFailedException;
import com.earnbase.redis.RedisClientBuilder;
import com.earnbase.redis.testsupport.RedisClusterFixture;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The near cache across faults that interrupt tracking: a server restart, and a cluster
 * master's crash and failover. Client B keeps local copies; after the fault, B must never
 * answer a value written before the fault and changed while B could not hear about it.
 */
class NearCacheFaultIntegrationTests {

	private final List<LettuceRedisClient> clients = new ArrayList<>();

	private final List<AutoCloseable> deployments = new ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		this.clients.forEach(LettuceRedisClient::close);
		for (AutoCloseable deployment : this.deployments) {
			deployment.close();
		}
	}

	private RedisCache cache(RedisClientBuilder builder, boolean near) {
		LettuceRedisClient client = builder.prefix("nf").timeout(Duration.ofMillis(500)).build();
		this.clients.add(client);
		return new RedisCache(client, RedisCacheOptions.defaults()
			.withNearCache(NearCacheOptions.defaults().withEnabled(near).withTtl(Duration.ofHours(1))));
	}

	/**
	 * Reads a key with B until it answers {@code expected}, counting the answers that are
	 * the old value; reads that fail while Redis is unreachable are retried.
	 */
	private static int staleReadsUntil(RedisCache b, String key, String stale, String expected) {
		AtomicInteger staleReads = new AtomicInteger();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
			try {
				String value = b.get(key, String.class).orElse(null);
				if (stale.equals(value)) {
					staleReads.incrementAndGet();
				}
				return expected.equals(value);
			}
			catch (EarnbaseRedisException ex) {
				return false;
			}
		});
		return staleReads.get();
	}

	@Test
	void aServerRestartDropsEveryCopy() {
		RedisServerProcess server = RedisTestServer.dedicated();
		this.deployments.add(server);
		RedisCache a = cache(RedisClient.builder().url(server.url()), false);
		RedisCache b = cache(RedisClient.builder().url(server.url()), true);
		a.put("k", "before", Duration.ofMinutes(5));
		b.get("k", String.class);
		assertThat(b.get("k", String.class)).contains("before");
		server.kill();
		server.restart();
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
			a.put("k", "after", Duration.ofMinutes(5));
			return true;
		});
		assertThat(staleReadsUntil(b, "k", "before", "after")).isZero();
		await().atMost(Duration.ofSeconds(10)).until(b::nearCacheActive);
		b.get("k", String.class);
		assertThat(b.get("k", String.class)).contains("after");
	}

	@Test
	void aServerThatRefusesTrackingFailsTheCacheNamingWhy() {
		RedisServerProcess server = RedisTestServer.dedicated("--user", "app", "on", ">app-s3cret", "~*", "&*", "+@all",
				"-client", "--user", "default", "off");
		this.deployments.add(server);
		LettuceRedisClient client = RedisClient.builder()
			.url("redis://app:app-s3cret@127.0.0.1:" + server.port())
			.prefix("nf")
			.build();
		this.clients.add(client);
		assertThatThrownBy(() -> new RedisCache(client,
				RedisCacheOptions.defaults().withNearCache(NearCacheOptions.defaults().withEnabled(true))))
			.isInstanceOf(RedisCommandFailedException.class)
			.hasMessageContaining("CLIENT TRACKING")
			.hasMessageContaining("NOPERM")
			.hasMessageNotContaining("app-s3cret");
		// Without the near cache the same client works, and nothing of the failed one is
		// left running.
		RedisCache plain = new RedisCache(client, RedisCacheOptions.defaults());
		plain.put("k", "v", Duration.ofMinutes(1));
		assertThat(plain.get("k", String.class)).contains("v");
		assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName))
			.noneMatch((name) -> name.equals("earnbase-key-tracking"));
	}

	@Test
	@Tag("slow")
	void aClusterMasterFailoverDropsEveryCopyAndTracksTheNewMaster() {
		RedisClusterFixture cluster = RedisClusterFixture.dedicated();
		this.deployments.add(cluster);
		RedisCache a = cache(cluster.clientBuilder(), false);
		RedisCache b = cache(cluster.clientBuilder(), true);
		// One key per master, so that every master's tracking connection is needed.
		List<String> keys = new ArrayList<>();
		for (RedisServerProcess master : cluster.masters()) {
			for (int i = 0;; i++) {
				String key = "key-" + i;
				if (cluster.keysServedBy(master).test(b.redisKey(key)) && !keys.contains(key)) {
					keys.add(key);
					break;
				}
			}
		}
		for (String key : keys) {
			a.put(key, "before", Duration.ofMinutes(5));
			b.get(key, String.class);
			assertThat(b.get(key, String.class)).contains("before");
		}
		String crashedKey = keys.get(0);
		RedisServerProcess crashed = cluster.killMasterOf(b.redisKey(crashedKey));
		cluster.awaitMaster(b.redisKey(crashedKey), crashed);
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
			a.put(crashedKey, "after", Duration.ofMinutes(5));
			return true;
		});
		assertThat(staleReadsUntil(b, crashedKey, "before", "after")).isZero();
		// Tracking follows the new topology: active again, and the new master's
		// invalidations arrive.
		await().atMost(Duration.ofSeconds(30)).until(b::nearCacheActive);
		b.get(crashedKey, String.class);
		a.put(crashedKey, "later", Duration.ofMinutes(5));
		await().atMost(Duration.ofSeconds(2))
			.until(() -> b.get(crashedKey, String.class).orElseThrow().equals("later"));
		for (String key : keys.subList(1, keys.size())) {
			b.get(key, String.class);
			a.put(key, "changed", Duration.ofMinutes(5));
			await().atMost(Duration.ofSeconds(2)).until(() -> b.get(key, String.class).orElseThrow().equals("changed"));
		}
	}

}
