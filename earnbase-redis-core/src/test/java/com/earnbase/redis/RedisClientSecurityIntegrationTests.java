package com.earnbase.redis;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.earnbase.redis.json.Jackson2JsonCodec;
import com.earnbase.redis.json.Jackson3JsonCodec;
import com.earnbase.redis.json.JsonCodec;
import com.earnbase.redis.support.RedisUrls;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.impl.LaissezFaireSubTypeValidator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Security properties of the client: stored JSON cannot pick the class that gets
 * instantiated, passwords never leak into messages, {@code toString()} or logs, and a
 * prefix confines every public method to its own keys.
 */
class RedisClientSecurityIntegrationTests {

	private static final String PASSWORD = "Pa55-w0rd-never-shown";

	private static RedisServerProcess server;

	private static StatefulRedisConnection<String, String> rawConnection;

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	@BeforeAll
	static void startServer() {
		server = RedisTestServer.dedicated();
		rawConnection = server.connect();
	}

	@AfterAll
	static void stopServer() {
		rawConnection.close();
		server.close();
	}

	@BeforeEach
	void captureLogs() {
		raw().flushall();
		Gadget.instances.set(0);
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		this.logs.setContext(context);
		this.logs.start();
		context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(this.logs);
		// Everything Lettuce and Netty say, not only what the test configuration lets
		// through.
		context.getLogger("io.lettuce").setLevel(Level.DEBUG);
		context.getLogger("io.netty").setLevel(Level.DEBUG);
	}

	@AfterEach
	void releaseLogs() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this.logs);
		context.getLogger("io.lettuce").setLevel(Level.WARN);
		context.getLogger("io.netty").setLevel(Level.WARN);
	}

	private static RedisCommands<String, String> raw() {
		return rawConnection.sync();
	}

	// --- JSON
	// ------------------------------------------------------------------------------------------------

	@Test
	void storedTypeHintsAreNotInstantiatedEvenWhenTheApplicationJackson2MapperHasDefaultTyping() throws Exception {
		ObjectMapper appMapper = JsonMapper.builder()
			.activateDefaultTyping(LaissezFaireSubTypeValidator.instance, ObjectMapper.DefaultTyping.EVERYTHING)
			.build();
		assertTypeHintsIgnored(new Jackson2JsonCodec(appMapper), (json) -> appMapper.readValue(json, Object.class),
				appMapper.writeValueAsString(new Harmless("x")));
	}

	@Test
	void storedTypeHintsAreNotInstantiatedEvenWhenTheApplicationJackson3MapperHasDefaultTyping() {
		tools.jackson.databind.json.JsonMapper appMapper = tools.jackson.databind.json.JsonMapper.builder()
			.activateDefaultTyping(tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator.builder()
				.allowIfSubType(Object.class)
				.build(), tools.jackson.databind.DefaultTyping.NON_FINAL_AND_RECORDS)
			.enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();
		assertTypeHintsIgnored(new Jackson3JsonCodec(appMapper), (json) -> appMapper.readValue(json, Object.class),
				appMapper.writeValueAsString(new Harmless("x")));
	}

	private void assertTypeHintsIgnored(JsonCodec codec, ThrowingConsumer<String> appRead, String appWritten) {
		String property = "{\"@class\":\"" + Gadget.class.getName() + "\",\"command\":\"rm -rf /\"}";
		String wrapper = "[\"" + Gadget.class.getName() + "\",{\"command\":\"rm -rf /\"}]";
		Object control = catchThrowable(() -> appRead.accept(wrapper));
		assertThat(Gadget.instances).as("the application's own mapper would run the gadget").hasValue(1);
		assertThat(control).isNull();
		assertThat(appWritten).as("the app mapper adds type hints").contains(Harmless.class.getName());
		Gadget.instances.set(0);

		try (LettuceRedisClient client = RedisClient.builder()
			.url(server.url())
			.prefix("app")
			.jsonCodec(codec)
			.build()) {
			raw().set("app:property", property);
			raw().set("app:wrapper", wrapper);
			assertThat(client.getJson("property", Object.class)).isInstanceOf(Map.class);
			assertThat(client.getJson("wrapper", Object.class)).isInstanceOf(List.class);
			assertThat(client.async().getJson("property", Object.class).join()).isInstanceOf(Map.class);
			assertThatThrownBy(() -> client.getJson("property", Harmless.class))
				.isInstanceOf(RedisSerializationException.class);
			assertThat(Gadget.instances).as("no gadget constructed").hasValue(0);

			client.setJson("written", new Harmless("x"));
			assertThat(raw().get("app:written")).isEqualTo("{\"name\":\"x\"}");
		}
	}

	// --- Secrets
	// ---------------------------------------------------------------------------------------------

	@Test
	void passwordOfAnUnreachableServerIsNeverShown() {
		int port = RedisServerProcess.freePort();
		Throwable failure = catchThrowable(() -> RedisClient.builder()
			.url("redis://app:" + PASSWORD + "@127.0.0.1:" + port)
			.connectTimeout(Duration.ofMillis(500))
			.build());
		assertThat(failure).isInstanceOf(RedisConnectionLostException.class).hasMessageContaining("app:****@");
		assertNoPassword(failure);
	}

	@Test
	void wrongPasswordIsNeverShown() {
		try (RedisServerProcess protectedServer = RedisServerProcess.start("--requirepass", "right-" + PASSWORD)) {
			for (String url : List.of("redis://:" + PASSWORD + "@127.0.0.1:" + protectedServer.port(),
					"redis://default:" + PASSWORD + "@127.0.0.1:" + protectedServer.port(),
					"redis://" + PASSWORD + "@127.0.0.1:" + protectedServer.port())) {
				Throwable failure = catchThrowable(() -> RedisClient.builder().url(url).build());
				assertThat(failure).isInstanceOf(RedisConnectionLostException.class);
				assertThat(failure.getMessage()).containsAnyOf("WRONGPASS", "NOAUTH", "invalid");
				assertNoPassword(failure);
			}
		}
	}

	@Test
	void rightPasswordIsNeverShownWhileConnectedFailingOrClosed() {
		try (RedisServerProcess protectedServer = RedisServerProcess.start("--requirepass", PASSWORD)) {
			LettuceRedisClient client = RedisClient.builder()
				.url("redis://:" + PASSWORD + "@127.0.0.1:" + protectedServer.port())
				.timeout(Duration.ofMillis(500))
				.build();
			client.set("k", "v");
			assertThat(client.toString()).doesNotContain(PASSWORD).contains("****");
			protectedServer.stop();
			assertNoPassword(catchThrowable(() -> client.get("k")));
			client.close();
			assertNoPassword(catchThrowable(() -> client.get("k")));
		}
		assertNoPasswordInLogs();
	}

	@Test
	void passwordsWithUrlSpecialCharactersAreMaskedToo() {
		for (String password : List.of("p@ss" + PASSWORD, "p%40ss" + PASSWORD, "p:ss" + PASSWORD, "p/ss" + PASSWORD)) {
			String url = "redis://app:" + password + "@127.0.0.1:" + RedisServerProcess.freePort();
			Throwable failure = catchThrowable(
					() -> RedisClient.builder().url(url).connectTimeout(Duration.ofMillis(300)).build());
			assertThat(failure).isInstanceOfAny(IllegalArgumentException.class, RedisConnectionLostException.class);
			assertThat(stackTrace(failure)).doesNotContain(PASSWORD);
			assertThat(RedisUrls.redact(url)).doesNotContain(PASSWORD);
		}
		assertThat(RedisUrls.redact("app:" + PASSWORD + "@localhost:6379")).isEqualTo("app:****@localhost:6379");
		assertThat(catchThrowable(() -> RedisClient.connect("app:" + PASSWORD + "@localhost:6379")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("scheme")
			.hasMessageNotContaining(PASSWORD);
		assertNoPasswordInLogs();
	}

	private void assertNoPassword(Throwable failure) {
		assertThat(failure).isNotNull();
		assertThat(failure.toString()).doesNotContain(PASSWORD);
		assertThat(stackTrace(failure)).doesNotContain(PASSWORD);
		assertNoPasswordInLogs();
	}

	private void assertNoPasswordInLogs() {
		List<ILoggingEvent> events;
		synchronized (this.logs) {
			// Appending is synchronized on the appender; copy under the same lock while
			// Lettuce threads log.
			events = List.copyOf(this.logs.list);
		}
		assertThat(events).isNotEmpty();
		assertThat(events).allSatisfy((event) -> {
			assertThat(event.getFormattedMessage()).doesNotContain(PASSWORD);
			assertThat(String.valueOf(event.getKeyValuePairs())).doesNotContain(PASSWORD);
			if (event.getThrowableProxy() != null) {
				assertThat(ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(event.getThrowableProxy()))
					.doesNotContain(PASSWORD);
			}
		});
	}

	private static String stackTrace(Throwable failure) {
		StringWriter out = new StringWriter();
		failure.printStackTrace(new PrintWriter(out));
		return out.toString();
	}

	// --- Isolation
	// -------------------------------------------------------------------------------------------

	@Test
	void prefixConfinesEveryPublicMethodToItsOwnKeysAndChannels() throws Exception {
		raw().set("b:secret", "b's");
		raw().set("b:counter", "10");
		StatefulRedisPubSubConnection<String, String> spy = server.connectPubSub();
		BlockingQueue<String> overheard = new LinkedBlockingQueue<>();
		spy.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String pattern, String channel, String message) {
				overheard.add(channel);
			}
		});
		spy.sync().psubscribe("[^a]*", "a[^:]*");
		try (LettuceRedisClient a = RedisClient.builder().url(server.url()).prefix("a").build()) {
			for (String key : List.of("b:secret", "b:counter", "../b:secret", ":b:secret", "/b:secret", "\r\nb:secret",
					"*", "b:*", "..", "\u0000b:secret")) {
				everyMethod(a, key);
			}
		}
		assertThat(raw().get("b:secret")).isEqualTo("b's");
		assertThat(raw().get("b:counter")).isEqualTo("10");
		assertThat(raw().ttl("b:secret")).isEqualTo(-1);
		assertThat(raw().keys("*")).allSatisfy((key) -> assertThat(key).matches("(?s)a:.*|b:secret|b:counter"));
		assertThat(overheard.poll(200, TimeUnit.MILLISECONDS)).as("a message reached another app's channels").isNull();
		spy.close();
	}

	private static void everyMethod(LettuceRedisClient client, String key) {
		List<Consumer<LettuceRedisClient>> calls = List.of((c) -> c.get(key), (c) -> c.set(key, "a's"),
				(c) -> c.set(key, "a's", Duration.ofSeconds(5)),
				(c) -> c.setIfAbsent(key, "a's", Duration.ofSeconds(5)), (c) -> c.exists(key),
				(c) -> c.expire(key, Duration.ofSeconds(1)), (c) -> c.ttl(key), (c) -> c.increment(key + "n"),
				(c) -> c.getJson(key, Object.class), (c) -> c.setJson(key, Map.of("a", 1)),
				(c) -> c.setJson(key, Map.of("a", 1), Duration.ofSeconds(5)), (c) -> c.publish(key, "a's"),
				(c) -> c.delete(key), (c) -> c.async().get(key).join(), (c) -> c.async().set(key, "a's").join(),
				(c) -> c.async().increment(key + "n").join(), (c) -> c.async().delete(key).join(),
				(c) -> c.async().expire(key, Duration.ofSeconds(1)).join(), (c) -> c.async().publish(key, "a's").join(),
				(c) -> c.async().ttl(key).join());
		for (Consumer<LettuceRedisClient> call : calls) {
			try {
				call.accept(client);
			}
			catch (RuntimeException ex) {
				// Wrong types for some keys (e.g. JSON over a counter) are fine: only
				// escaping the prefix matters.
				assertThat(ex).isInstanceOfAny(EarnbaseRedisException.class,
						java.util.concurrent.CompletionException.class);
			}
		}
		assertThat(client.key(key)).startsWith("a:");
	}

	/**
	 * A class with a side effect on construction, standing in for a deserialization
	 * gadget.
	 */
	public static final class Gadget {

		static final AtomicInteger instances = new AtomicInteger();

		@JsonCreator
		public Gadget(@JsonProperty("command") String command) {
			instances.incrementAndGet();
		}

	}

	/** An ordinary value type. */
	public record Harmless(String name) {
	}

}
