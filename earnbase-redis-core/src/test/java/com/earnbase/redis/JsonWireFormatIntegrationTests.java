package com.earnbase.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.earnbase.redis.cache.RedisCache;
import com.earnbase.redis.cache.RedisCacheOptions;
import com.earnbase.redis.json.Jackson2JsonCodec;
import com.earnbase.redis.json.Jackson3JsonCodec;
import com.earnbase.redis.json.JsonCodec;
import com.earnbase.redis.pubsub.RedisPubSubService;
import com.earnbase.redis.pubsub.Subscription;
import com.earnbase.redis.session.RedisSessionStore;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one wire format: each codec writes the golden files under
 * {@code src/test/resources/golden/} byte for byte through the client and the primitives
 * (read back raw from Redis), and reads each file, stored raw, back to an equal value.
 * Instants of a Jackson 2 line and of a Jackson 3 line can so share one Redis.
 */
class JsonWireFormatIntegrationTests {

	private final RedisTestServer server = RedisTestServer.shared();

	private final String prefix = RedisTopology.uniquePrefix("wire");

	@AfterEach
	void cleanUp() {
		this.server.deleteKeys(this.prefix);
	}

	static Stream<Arguments> codecs() {
		return Stream.of(Arguments.of("Jackson 2", (Supplier<JsonCodec>) Jackson2JsonCodec::new),
				Arguments.of("Jackson 3", (Supplier<JsonCodec>) Jackson3JsonCodec::new));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("codecs")
	void setJsonValues(String name, Supplier<JsonCodec> codec) {
		try (RedisClient client = client(codec)) {
			client.setJson("order", order());
			assertThat(raw().get(this.prefix + ":order")).isEqualTo(golden("set-json.json"));
			client.setJson("list", List.of(order(), order()));
			assertThat(raw().get(this.prefix + ":list"))
				.isEqualTo("[" + golden("set-json.json") + "," + golden("set-json.json") + "]");

			raw().set(this.prefix + ":stored", golden("set-json.json"));
			assertThat(client.getJson("stored", Order.class)).isEqualTo(order());
			raw().set(this.prefix + ":stored-list", "[" + golden("set-json.json") + "]");
			assertThat(client.getJson("stored-list", new JsonType<List<Order>>() {
			})).containsExactly(order());
			raw().set(this.prefix + ":newer", golden("set-json-newer.json"));
			assertThat(client.getJson("newer", Order.class)).as("unknown properties are ignored").isEqualTo(order());
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("codecs")
	void cacheEnvelopes(String name, Supplier<JsonCodec> codec) {
		try (RedisClient client = client(codec);
				RedisCache cache = new RedisCache(client, RedisCacheOptions.defaults())) {
			cache.put("order", order(), Duration.ofMinutes(1));
			assertThat(raw().get(cache.redisKey("order"))).isEqualTo(golden("cache-envelope.json"));

			raw().set(cache.redisKey("stored"), golden("cache-envelope.json"));
			assertThat(cache.get("stored", Order.class)).contains(order());
			assertThat(cache.lookupRecorded("stored", (type) -> type.equals(Order.class.getName())).value())
				.isEqualTo(order());
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("codecs")
	void sessionData(String name, Supplier<JsonCodec> codec) {
		try (RedisClient client = client(codec)) {
			RedisSessionStore store = new RedisSessionStore(client);
			String id = store.create(session());
			String key = raw().keys(this.prefix + ":session:*" + id).get(0);
			assertThat(raw().hget(key, "data")).isEqualTo(golden("session.json"));

			raw().hset(key, "data", golden("session.json"));
			assertThat(store.get(id)).isEqualTo(session());
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("codecs")
	void pubSubMessages(String name, Supplier<JsonCodec> codec) throws InterruptedException {
		BlockingQueue<String> published = new LinkedBlockingQueue<>();
		io.lettuce.core.RedisClient spyClient = io.lettuce.core.RedisClient.create(this.server.url());
		StatefulRedisPubSubConnection<String, String> spy = spyClient.connectPubSub();
		spy.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String channel, String message) {
				published.add(message);
			}
		});
		BlockingQueue<Order> received = new LinkedBlockingQueue<>();
		try (RedisClient client = client(codec); RedisPubSubService pubSub = new RedisPubSubService(client)) {
			String channel = pubSub.redisChannel("orders");
			spy.sync().subscribe(channel);
			pubSub.publish("orders", order());
			assertThat(published.poll(5, TimeUnit.SECONDS)).isEqualTo(golden("pubsub.json"));

			Subscription subscription = pubSub.subscribe("orders", Order.class, received::add);
			raw().publish(channel, golden("pubsub.json"));
			assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(order());
			subscription.close();
		}
		finally {
			spy.close();
			spyClient.shutdown();
		}
	}

	private RedisClient client(Supplier<JsonCodec> codec) {
		return this.server.clientBuilder().prefix(this.prefix).jsonCodec(codec.get()).build();
	}

	private RedisCommands<String, String> raw() {
		return this.server.raw();
	}

	/** A golden file's bytes, which must not end with a line break. */
	private static String golden(String name) {
		try (InputStream in = JsonWireFormatIntegrationTests.class.getResourceAsStream("/golden/" + name)) {
			assertThat(in).as(name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Every documented type: record, nested list and map, java.time, BigDecimal, enum,
	 * null.
	 */
	static Order order() {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("zeta", 1);
		attributes.put("alpha", "x");
		attributes.put("flags", List.of(true, false));
		attributes.put("none", null);
		return new Order("o-1", new BigDecimal("12.50"), Instant.parse("2024-05-06T07:08:09.123456789Z"),
				LocalDate.of(2024, 5, 6), OffsetDateTime.of(2024, 5, 6, 9, 8, 9, 0, ZoneOffset.ofHours(2)),
				Duration.ofMillis(5500), Status.OPEN, List.of("a", "b"), attributes, null);
	}

	static Map<String, Object> session() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("user", "alice");
		data.put("visits", 3);
		data.put("ratio", 0.25);
		data.put("admin", false);
		data.put("roles", new ArrayList<>(Arrays.asList("reader", null)));
		data.put("profile", Map.of("lang", "fr"));
		data.put("logout", null);
		return data;
	}

	/**
	 * Property order is declaration order, so {@code id} comes first although it is not
	 * first alphabetically.
	 */
	public record Order(String id, BigDecimal amount, Instant createdAt, LocalDate day, OffsetDateTime updatedAt,
			Duration timeout, Status status, List<String> tags, Map<String, Object> attributes, String note) {
	}

	/** Written by name, never by {@code toString()}. */
	public enum Status {

		OPEN;

		@Override
		public String toString() {
			return "open (toString)";
		}

	}

}
