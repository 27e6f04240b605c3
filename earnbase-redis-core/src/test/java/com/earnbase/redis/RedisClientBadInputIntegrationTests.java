package com.earnbase.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.earnbase.redis.support.ChannelHub;
import com.earnbase.redis.support.PrimitiveSupport;
import com.earnbase.redis.testsupport.RedisExtension;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile and odd input: bad keys are refused before any I/O with a message naming the
 * argument, odd but valid keys and values round-trip exactly under the prefix, oversized
 * values are refused without being encoded, and text another program stored fails clearly
 * for that key only.
 */
@ExtendWith(RedisExtension.class)
class RedisClientBadInputIntegrationTests {

	private final RedisTestServer server;

	private final String prefix = RedisTopology.uniquePrefix("badinput");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private LettuceRedisClient client;

	RedisClientBadInputIntegrationTests(RedisTestServer server) {
		this.server = server;
	}

	@BeforeEach
	void connect() {
		this.client = this.server.clientBuilder().prefix(this.prefix).meterRegistry(this.registry).build();
	}

	@AfterEach
	void close() {
		this.client.close();
		this.server.deleteKeys(this.prefix);
	}

	/** Every public key-taking method, sync and async. */
	private static List<Consumer<RedisClient>> everyKeyMethod(String key) {
		return List.of((c) -> c.get(key), (c) -> c.set(key, "v"), (c) -> c.set(key, "v", Duration.ofSeconds(1)),
				(c) -> c.setIfAbsent(key, "v", Duration.ofSeconds(1)), (c) -> c.exists(key), (c) -> c.delete(key),
				(c) -> c.expire(key, Duration.ofSeconds(1)), (c) -> c.ttl(key), (c) -> c.increment(key),
				(c) -> c.getJson(key, Map.class), (c) -> c.setJson(key, Map.of()),
				(c) -> c.setJson(key, Map.of(), Duration.ofSeconds(1)), (c) -> c.publish(key, "m"), (c) -> c.key(key),
				(c) -> c.async().get(key), (c) -> c.async().set(key, "v"), (c) -> c.async().exists(key),
				(c) -> c.async().delete(key), (c) -> c.async().ttl(key), (c) -> c.async().increment(key),
				(c) -> c.async().getJson(key, Map.class), (c) -> c.async().setJson(key, Map.of()),
				(c) -> c.async().publish(key, "m"), (c) -> c.async().setIfAbsent(key, "v", Duration.ofSeconds(1)),
				(c) -> c.async().expire(key, Duration.ofSeconds(1)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "   ", "\t", "\n", "\r\n", "\u2003", "\u3000" })
	void emptyAndBlankKeysAreRefusedByEveryMethodBeforeIo(String key) {
		everyKeyMethod(key)
			.forEach((call) -> assertThatIllegalArgumentException().isThrownBy(() -> call.accept(this.client))
				.withMessageMatching("(key|channel) must not be empty or blank"));
		everyKeyMethod(null)
			.forEach((call) -> assertThatIllegalArgumentException().isThrownBy(() -> call.accept(this.client))
				.withMessageMatching("(key|channel) must not be null"));
		assertThat(this.registry.getMeters()).as("nothing was sent").isEmpty();
	}

	@Test
	void keysUpToTheLimitWorkAndLongerOnesAreRefusedWithTheirSize() {
		String longest = "k".repeat(LettuceRedisClient.MAX_KEY_BYTES);
		this.client.set(longest, "v");
		assertThat(this.client.get(longest)).isEqualTo("v");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.get(longest + "k"))
			.withMessage("key is 65537 bytes, over the limit of 65536 bytes");
		String mebibyte = "k".repeat(1024 * 1024);
		everyKeyMethod(mebibyte)
			.forEach((call) -> assertThatIllegalArgumentException().isThrownBy(() -> call.accept(this.client))
				.withMessageMatching("(key|channel) is 1048576 bytes, over the limit of 65536 bytes"));
		// The limit counts UTF-8 bytes, not chars: 'é' takes two.
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.get("é".repeat(32769)))
			.withMessageContaining("65538 bytes");
	}

	@Test
	void keysThatUtf8CannotStoreAreRefusedBecauseTheyWouldCollide() {
		// Encoded, both would become "a?" and name the same Redis key.
		for (String key : List.of("a\uD800", "a\uDBFF", "\uDC00a", "a\uDC00\uD800b")) {
			everyKeyMethod(key)
				.forEach((call) -> assertThatIllegalArgumentException().isThrownBy(() -> call.accept(this.client))
					.withMessageContaining("unpaired UTF-16 surrogate"));
		}
		this.client.set("smile-\uD83D\uDE00", "pair");
		assertThat(this.client.get("smile-\uD83D\uDE00")).isEqualTo("pair");
	}

	@Test
	void oddButValidKeysRoundTripExactlyUnderThePrefix() {
		List<String> keys = List.of("a\r\nb", "\r\nx", "x\u0000y", " padded ", "*", "user:*", "user:?", "user:[ab]",
				"../x", ":x", "::", "..", "/etc/passwd", this.prefix + ":k", "\u00A0", "日本語", "\uD83D\uDE00", "\\",
				"\"", "{tag}", "\u0085");
		for (int i = 0; i < keys.size(); i++) {
			this.client.set(keys.get(i), "value-" + i);
		}
		for (int i = 0; i < keys.size(); i++) {
			assertThat(this.client.get(keys.get(i))).as(keys.get(i)).isEqualTo("value-" + i);
			assertThat(this.server.raw().get(this.prefix + ":" + keys.get(i))).isEqualTo("value-" + i);
		}
		assertThat(this.server.raw().keys(this.prefix + ":*")).hasSize(keys.size());
		assertThat(this.client.key(this.prefix + ":k")).isEqualTo(this.prefix + ":" + this.prefix + ":k");
		// Glob characters are literal in keys: deleting "user:*" deletes that key only.
		this.client.set("user:1", "one");
		assertThat(this.client.delete("user:*")).isTrue();
		assertThat(this.client.get("user:1")).isEqualTo("one");
		assertThat(this.client.exists("user:?")).isTrue();
	}

	@Test
	void globCharactersInAChannelReachOnlyThatLiteralChannel() throws Exception {
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		ChannelHub hub = ((PrimitiveSupport) this.client).channels();
		List<ChannelHub.Registration> listeners = new ArrayList<>();
		for (String name : List.of(this.prefix + ":news1", this.prefix + ":news*", this.prefix + ":a")) {
			ChannelHub.Registration registration = hub.subscribe(ChannelHub.Kind.CHANNEL, name,
					(channel, message) -> received.add(channel + "=" + message));
			registration.confirmed().get(5, TimeUnit.SECONDS);
			listeners.add(registration);
		}
		assertThat(this.client.publish("news*", "glob")).isEqualTo(1);
		assertThat(this.client.publish("[an]*", "class")).isZero();
		assertThat(this.client.publish("?", "one char")).isZero();
		assertThat(received.poll(2, TimeUnit.SECONDS)).isEqualTo(this.prefix + ":news*=glob");
		assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
		listeners.forEach(ChannelHub.Registration::close);
	}

	@Test
	void nullValuesAreRefusedBeforeIo() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.set("k", null))
			.withMessage("value must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.set("k", null, Duration.ofSeconds(1)))
			.withMessage("value must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.setIfAbsent("k", null, Duration.ofSeconds(1)))
			.withMessage("value must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.setJson("k", null))
			.withMessage("value must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.publish("c", null))
			.withMessage("value must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.async().set("k", null))
			.withMessage("value must not be null");
		assertThat(this.registry.getMeters()).isEmpty();
	}

	@Test
	void valueOf100MebibytesIsRefusedBeforeSendingWithoutBeingEncoded() {
		String huge = "x".repeat(100 * 1024 * 1024);
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
			.getThreadMXBean();
		long id = Thread.currentThread().getId();
		long allocatedBefore = threads.getThreadAllocatedBytes(id);
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.set("big", huge))
			.withMessage("value is 104857600 bytes, over the limit of 16777216 bytes (maxValueBytes)");
		long allocated = threads.getThreadAllocatedBytes(id) - allocatedBefore;
		assertThat(allocated).as("bytes allocated to refuse it").isLessThan(1024 * 1024);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.client.async().set("big", huge, Duration.ofSeconds(9)))
			.withMessageContaining("over the limit");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.client.setIfAbsent("big", huge, Duration.ofSeconds(9)))
			.withMessageContaining("over the limit");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.publish("big", huge))
			.withMessageContaining("over the limit");
		assertThat(this.client.exists("big")).isFalse();
		try (LettuceRedisClient small = this.server.clientBuilder().prefix(this.prefix).maxValueBytes(1024).build()) {
			assertThatIllegalArgumentException().isThrownBy(() -> small.setJson("big", List.of("x".repeat(1100))))
				.withMessage("value is 1104 bytes, over the limit of 1024 bytes (maxValueBytes)");
			assertThat(small.exists("big")).isFalse();
		}
		assertThat(this.registry.find(CommandMetrics.TIMER).tag("command", "set").timers()).isEmpty();
	}

	@Test
	void valuesThatUtf8CannotStoreAreRefusedInsteadOfBeingAltered() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.set("k", "broken \uD800 text"))
			.withMessageContaining("unpaired UTF-16 surrogate at index 7");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.setJson("k", Map.of("x", "\uDFFF")))
			.withMessageContaining("unpaired UTF-16 surrogate");
		assertThat(this.client.exists("k")).isFalse();
		this.client.set("k", "pair \uD83D\uDE00 ok \u0000 \r\n");
		assertThat(this.client.get("k")).isEqualTo("pair \uD83D\uDE00 ok \u0000 \r\n");
	}

	@Test
	void bytesThatAreNotUtf8ReadBackWithReplacementCharacters() {
		io.lettuce.core.RedisClient other = io.lettuce.core.RedisClient.create(this.server.url());
		try (StatefulRedisConnection<byte[], byte[]> binary = other.connect(ByteArrayCodec.INSTANCE)) {
			binary.sync()
				.set((this.prefix + ":bin").getBytes(StandardCharsets.UTF_8),
						new byte[] { 'o', 'k', (byte) 0xFF, (byte) 0xFE, 0, (byte) 0x80 });
		}
		finally {
			other.shutdown();
		}
		assertThat(this.client.get("bin")).isEqualTo("ok\uFFFD\uFFFD\u0000\uFFFD");
		assertThatThrownBy(() -> this.client.getJson("bin", Map.class)).isInstanceOf(RedisSerializationException.class)
			.hasMessageContaining(this.prefix + ":bin");
	}

	@Test
	void malformedJsonStoredByAnotherProgramFailsForThatKeyOnly() {
		this.client.setJson("good", new Point(1, 2));
		Map<String, String> stored = Map.of("truncated", "{\"x\":1,", "wrongType", "{\"x\":\"one\",\"y\":2}", "array",
				"[1,2]", "text", "hello", "empty", "", "nested", "{\"x\":{\"y\":1}}");
		stored.forEach((key, text) -> this.server.raw().set(this.prefix + ":" + key, text));
		stored.forEach((key, text) -> {
			assertThatThrownBy(() -> this.client.getJson(key, Point.class)).as(key)
				.isInstanceOf(RedisSerializationException.class)
				.hasMessageContaining("'get'")
				.hasMessageContaining("'" + this.prefix + ":" + key + "'")
				.hasMessageContaining(Point.class.getName());
			assertThatThrownBy(() -> this.client.async().getJson(key, Point.class).join())
				.isInstanceOf(CompletionException.class)
				.cause()
				.isInstanceOf(RedisSerializationException.class)
				.hasMessageContaining(this.prefix + ":" + key);
		});
		assertThat(this.client.getJson("good", Point.class)).isEqualTo(new Point(1, 2));
		assertThat(this.client.get("truncated")).isEqualTo("{\"x\":1,");
		assertThat(this.client.ping()).isPositive();
	}

	record Point(int x, int y) {
	}

}
