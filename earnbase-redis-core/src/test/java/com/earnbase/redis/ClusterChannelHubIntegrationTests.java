package com.earnbase.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.support.ChannelHub;
import com.earnbase.redis.support.ChannelHub.Kind;
import com.earnbase.redis.support.ChannelHub.Registration;
import com.earnbase.redis.testsupport.RedisClusterFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link LettuceChannelHub}'s shard channels on a Redis Cluster: SSUBSCRIBE on each
 * slot's owner, counted once.
 */
class ClusterChannelHubIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final RedisClusterFixture cluster = RedisClusterFixture.shared();

	private LettuceRedisClient client;

	private String prefix;

	@BeforeEach
	void start() {
		this.prefix = this.cluster.newPrefix("hub");
		this.client = this.cluster.clientBuilder().prefix(this.prefix).build();
	}

	@AfterEach
	void stop() {
		this.client.close();
	}

	@Test
	void shardChannelsOnEveryMasterAreReferenceCounted() throws Exception {
		ChannelHub hub = this.client.channels();
		List<String> names = new ArrayList<>();
		BlockingQueue<String> first = new LinkedBlockingQueue<>();
		BlockingQueue<String> second = new LinkedBlockingQueue<>();
		List<Registration> firsts = new ArrayList<>();
		List<Registration> seconds = new ArrayList<>();
		// Enough names to land on every master.
		for (int i = 0; i < 12; i++) {
			String name = this.prefix + ":orders-" + i;
			names.add(name);
			firsts
				.add(hub.subscribe(Kind.SHARD_CHANNEL, name, (channel, message) -> first.add(channel + "=" + message)));
			seconds.add(
					hub.subscribe(Kind.SHARD_CHANNEL, name, (channel, message) -> second.add(channel + "=" + message)));
		}
		for (int i = 0; i < names.size(); i++) {
			firsts.get(i).confirmed().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			seconds.get(i).confirmed().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}

		for (String name : names) {
			assertThat(shardNumsub(name)).as("subscriptions of " + name).isEqualTo(1);
			assertThat(this.cluster.raw().spublish(name, "m")).isEqualTo(1);
			assertThat(first.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(name + "=m");
			assertThat(second.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(name + "=m");
		}

		for (int i = 0; i < names.size(); i++) {
			firsts.get(i).closeAsync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(shardNumsub(names.get(i))).as("still held by the second registration").isEqualTo(1);
			seconds.get(i).closeAsync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(shardNumsub(names.get(i))).as("unsubscribed after the last close").isZero();
		}
	}

	private long shardNumsub(String name) {
		return this.cluster.masterOf(name).call((redis) -> redis.pubsubShardNumsub(name)).getOrDefault(name, 0L);
	}

}
