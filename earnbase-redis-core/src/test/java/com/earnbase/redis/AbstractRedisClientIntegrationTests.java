package com.earnbase.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import com.earnbase.redis.support.RedisScript;
import com.earnbase.redis.testsupport.RedisTopology;
import io.lettuce.core.ScriptOutputType;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every {@link RedisClient} method against a real Redis deployment; the subclasses run it
 * on standalone, Sentinel and Cluster.
 */
abstract class AbstractRedisClientIntegrationTests {

	private final String prefix = RedisTopology.uniquePrefix("client");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private LettuceRedisClient client;

	/**
	 * The deployment this suite runs on.
	 * @return the topology
	 */
	protected abstract RedisTopology topology();

	@BeforeEach
	void connect() {
		this.client = topology().clientBuilder().prefix(this.prefix).meterRegistry(this.registry).build();
	}

	@AfterEach
	void close() {
		this.client.close();
		topology().deleteKeys(this.prefix);
	}

	@Test
	void setThenGetUsesThePrefix() {
		this.client.set("user:123", "alice");
		assertThat(this.client.get("user:123")).isEqualTo("alice");
		assertThat(topology().raw().get(this.prefix + ":user:123")).isEqualTo("alice");
		assertThat(this.client.key("user:123")).isEqualTo(this.prefix + ":user:123");
	}

	@Test
	void getOfMissingKeyIsNull() {
		assertThat(this.client.get("missing")).isNull();
	}

	@Test
	void setWithoutDefaultTtlHasNoExpiry() {
		this.client.set("forever", "v");
		assertThat(this.client.ttl("forever")).isEqualTo(-1);
	}

	@Test
	void setAppliesDefaultTtl() {
		try (LettuceRedisClient withTtl = topology().clientBuilder()
			.prefix(this.prefix)
			.defaultTtl(Duration.ofSeconds(100))
			.build()) {
			withTtl.set("a", "1");
			withTtl.setJson("b", Map.of("x", 1));
			assertThat(withTtl.ttl("a")).isBetween(98L, 100L);
			assertThat(withTtl.ttl("b")).isBetween(98L, 100L);
		}
	}

	@Test
	void setWithExpireExpires() throws InterruptedException {
		this.client.set("short", "v", Duration.ofMillis(100));
		assertThat(this.client.exists("short")).isTrue();
		Thread.sleep(250);
		assertThat(this.client.exists("short")).isFalse();
		assertThat(this.client.get("short")).isNull();
	}

	@Test
	void setIfAbsentWritesOnlyOnce() {
		assertThat(this.client.setIfAbsent("once", "first", Duration.ofSeconds(10))).isTrue();
		assertThat(this.client.setIfAbsent("once", "second", Duration.ofSeconds(10))).isFalse();
		assertThat(this.client.get("once")).isEqualTo("first");
		assertThat(this.client.ttl("once")).isBetween(9L, 10L);
	}

	@Test
	void existsDeleteExpireAndTtl() {
		assertThat(this.client.ttl("nothing")).isEqualTo(-2);
		assertThat(this.client.delete("nothing")).isFalse();
		assertThat(this.client.expire("nothing", Duration.ofSeconds(5))).isFalse();
		this.client.set("k", "v");
		assertThat(this.client.exists("k")).isTrue();
		assertThat(this.client.expire("k", Duration.ofSeconds(50))).isTrue();
		assertThat(this.client.ttl("k")).isBetween(49L, 50L);
		assertThat(this.client.delete("k")).isTrue();
		assertThat(this.client.exists("k")).isFalse();
	}

	@Test
	void incrementCountsFromOne() {
		assertThat(this.client.increment("counter")).isEqualTo(1);
		assertThat(this.client.increment("counter")).isEqualTo(2);
		assertThat(this.client.get("counter")).isEqualTo("2");
	}

	@Test
	void jsonRoundTrip() {
		User user = new User("123", "Alice", List.of("admin"));
		this.client.setJson("user:123", user);
		assertThat(this.client.getJson("user:123", User.class)).isEqualTo(user);
		this.client.setJson("users", List.of(user), Duration.ofMinutes(1));
		assertThat(this.client.getJson("users", new JsonType<List<User>>() {
		})).containsExactly(user);
		assertThat(this.client.getJson("absent", User.class)).isNull();
		assertThat(topology().raw().get(this.prefix + ":user:123")).contains("\"name\":\"Alice\"");
	}

	@Test
	void malformedJsonNamesKeyAndType() {
		topology().raw().set(this.prefix + ":bad", "{not json");
		assertThatThrownBy(() -> this.client.getJson("bad", User.class)).isInstanceOf(RedisSerializationException.class)
			.hasMessageContaining(this.prefix + ":bad")
			.hasMessageContaining(User.class.getName())
			.hasMessageNotContaining("{not json");
	}

	@Test
	void publishUsesPrefixedChannel() throws Exception {
		java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
		((com.earnbase.redis.support.PrimitiveSupport) this.client).channels()
			.subscribe(com.earnbase.redis.support.ChannelHub.Kind.CHANNEL, this.prefix + ":news",
					(channel, message) -> received.add(channel + "=" + message))
			.confirmed()
			.get(5, java.util.concurrent.TimeUnit.SECONDS);
		long receivers = this.client.publish("news", "hello");
		assertThat(received.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(this.prefix + ":news=hello");
		if (!this.client.isCluster()) {
			// A cluster counts only the receivers on the node that took the PUBLISH.
			assertThat(receivers).isEqualTo(1);
		}
		assertThat(this.client.publish("nobody-listens", "x")).isZero();
	}

	@Test
	void pingMeasuresRoundTrip() {
		assertThat(this.client.ping()).isPositive().isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void asyncOperationsMatchSync() {
		AsyncRedisClient async = this.client.async();
		async.set("a", "1").join();
		assertThat(async.get("a").join()).isEqualTo("1");
		assertThat(async.setIfAbsent("a", "2", Duration.ofSeconds(5)).join()).isFalse();
		assertThat(async.exists("a").join()).isTrue();
		assertThat(async.increment("n").join()).isEqualTo(1);
		assertThat(async.expire("a", Duration.ofSeconds(30)).join()).isTrue();
		assertThat(async.ttl("a").join()).isBetween(29L, 30L);
		async.setJson("j", new User("1", "Bob", List.of()), Duration.ofSeconds(30)).join();
		assertThat(async.getJson("j", User.class).join().name()).isEqualTo("Bob");
		assertThat(async.delete("a").join()).isTrue();
		assertThat(async.ping().join()).isPositive();
		assertThat(async.publish("none", "x").join()).isZero();
	}

	@Test
	void asyncFailuresAreLibraryExceptions() {
		topology().raw().lpush(this.prefix + ":list", "x");
		assertThatThrownBy(() -> this.client.async().get("list").join()).isInstanceOf(CompletionException.class)
			.cause()
			.isInstanceOf(RedisCommandFailedException.class)
			.hasMessageContaining("'get'")
			.hasMessageContaining("WRONGTYPE");
		assertThatThrownBy(() -> this.client.get("list")).isInstanceOf(RedisCommandFailedException.class);
	}

	@Test
	void badInputFailsBeforeIo() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.get(null)).withMessageContaining("key");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.get("")).withMessageContaining("key");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.set("k", null))
			.withMessageContaining("value");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.set("k", "v", Duration.ZERO))
			.withMessageContaining("expire");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.set("k", "v", Duration.ofSeconds(-1)))
			.withMessageContaining("expire");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.async().set(null, "v"))
			.withMessageContaining("key");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.setJson("k", null))
			.withMessageContaining("value");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.publish(" ", "m"))
			.withMessageContaining("channel");
		assertThat(this.registry.find(CommandMetrics.TIMER).timers()).isEmpty();
	}

	@Test
	void valuesOverTheLimitAreRejectedBeforeSending() {
		try (LettuceRedisClient small = topology().clientBuilder().prefix(this.prefix).maxValueBytes(1024).build()) {
			assertThatIllegalArgumentException().isThrownBy(() -> small.set("big", "x".repeat(1025)))
				.withMessageContaining("1025 bytes");
			small.set("ok", "x".repeat(1024));
			assertThat(small.exists("big")).isFalse();
		}
	}

	@Test
	void timerRecordsCommandAndOutcome() {
		this.client.set("k", "v");
		this.client.get("k");
		this.client.get("k");
		topology().raw().lpush(this.prefix + ":list", "x");
		assertThatThrownBy(() -> this.client.get("list")).isInstanceOf(RedisCommandFailedException.class);
		assertThat(this.registry.get(CommandMetrics.TIMER).tags("command", "get", "outcome", "success").timer().count())
			.isEqualTo(2);
		assertThat(this.registry.get(CommandMetrics.TIMER).tags("command", "set", "outcome", "success").timer().count())
			.isEqualTo(1);
		assertThat(this.registry.get(CommandMetrics.TIMER).tags("command", "get", "outcome", "error").timer().count())
			.isEqualTo(1);
		assertThat(this.registry.getMeters())
			.allSatisfy((meter) -> assertThat(meter.getId().getTags().toString()).doesNotContain(this.prefix));
	}

	@Test
	void asyncOperationsAreTimedLikeTheSyncOnes() {
		this.client.async().set("k", "v").join();
		assertThat(this.client.async().get("k").join()).isEqualTo("v");
		assertThat(this.client.async().increment("n").join()).isEqualTo(1);
		assertThat(timer("set", "success").count()).isEqualTo(1);
		assertThat(timer("get", "success").count()).isEqualTo(1);
		assertThat(timer("incr", "success").count()).isEqualTo(1);
	}

	@Test
	void primitiveCallIsTimedUnderItsOperation() {
		this.client.set("k", "v");
		String key = this.client.key("k");
		assertThat(this.client.<String>call("cache.get", (commands) -> commands.get(key)).join()).isEqualTo("v");
		topology().raw().lpush(this.prefix + ":list", "x");
		String list = this.client.key("list");
		assertThatThrownBy(() -> this.client.<String>call("cache.get", (commands) -> commands.get(list)).join())
			.isInstanceOf(CompletionException.class)
			.hasCauseInstanceOf(RedisCommandFailedException.class);
		assertThat(timer("cache.get", "success").count()).isEqualTo(1);
		assertThat(timer("cache.get", "error").count()).isEqualTo(1);
		assertThat(this.registry.find(CommandMetrics.TIMER).tag("command", "get").timers()).isEmpty();
	}

	@Test
	void scriptIsTimedOnceUnderItsNameWhenEvalFollowsNoScript() {
		// Unknown to the server (the prefix makes its SHA unique), so EVALSHA fails with
		// NOSCRIPT and EVAL follows.
		RedisScript script = RedisScript.of("test.echo", "return ARGV[1] -- " + this.prefix);
		String key = this.client.key("k");
		assertThat(this.client.<String>eval(script, ScriptOutputType.VALUE, new String[] { key }, "hello").join())
			.isEqualTo("hello");
		assertThat(timer("test.echo", "success").count()).isEqualTo(1);
		assertThat(timer("test.echo", "error").count()).isZero();
	}

	private Timer timer(String command, String outcome) {
		return this.registry.get(CommandMetrics.TIMER).tags("command", command, "outcome", outcome).timer();
	}

	@Test
	void closeLetsInFlightCommandsFinishAndRejectsLaterCalls() {
		LettuceRedisClient closing = topology().clientBuilder().prefix(this.prefix).build();
		List<CompletableFuture<Void>> pending = IntStream.range(0, 200)
			.mapToObj((i) -> closing.async().set("inflight:" + i, "v"))
			.toList();
		closing.close();
		assertThat(pending).allSatisfy((future) -> assertThat(future).isCompleted().isNotCompletedExceptionally());
		assertThatThrownBy(() -> closing.get("k")).isInstanceOf(IllegalStateException.class);
	}

	record User(String id, String name, List<String> roles) {
	}

}
