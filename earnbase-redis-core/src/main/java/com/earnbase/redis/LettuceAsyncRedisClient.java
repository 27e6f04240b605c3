package com.earnbase.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.earnbase.redis.support.Arguments;
import com.earnbase.redis.support.Json;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;

/**
 * The non-blocking view of a {@link LettuceRedisClient}: the same checks, prefixing,
 * timing and translation.
 */
final class LettuceAsyncRedisClient implements AsyncRedisClient {

	private final LettuceRedisClient client;

	private final CommandExecutor executor;

	private final StatefulConnection<String, String> connection;

	private final AtMostOnceDispatcher atMostOnce;

	private final Json json;

	LettuceAsyncRedisClient(LettuceRedisClient client, CommandExecutor executor,
			StatefulConnection<String, String> connection, AtMostOnceDispatcher atMostOnce) {
		this.client = client;
		this.executor = executor;
		this.connection = connection;
		this.atMostOnce = atMostOnce;
		this.json = client.json();
	}

	@Override
	public CompletableFuture<String> get(String key) {
		return this.executor.readAsync(ClientCommands.GET, this.client.key(key), null);
	}

	@Override
	public CompletableFuture<Void> set(String key, String value) {
		String k = this.client.key(key);
		return this.executor.async(this.client.setWithDefaultTtl, k, this.client.checkValue(value))
			.thenApply((ok) -> null);
	}

	@Override
	public CompletableFuture<Void> set(String key, String value, Duration expire) {
		String k = this.client.key(key);
		this.client.checkValue(value);
		SetArgs args = ClientCommands.px(Arguments.requirePositive("expire", expire));
		return this.executor.async(ClientCommands.SET_WITH_ARGS, ClientCommands.set(k, value, args), this.connection)
			.thenApply((ok) -> null);
	}

	@Override
	public CompletableFuture<Boolean> setIfAbsent(String key, String value, Duration expire) {
		String k = this.client.key(key);
		this.client.checkValue(value);
		SetArgs args = ClientCommands.px(Arguments.requirePositive("expire", expire)).nx();
		return this.executor.async(ClientCommands.SET_AT_MOST_ONCE, ClientCommands.set(k, value, args), this.atMostOnce)
			.thenApply("OK"::equals);
	}

	@Override
	public CompletableFuture<Boolean> exists(String key) {
		return this.executor.readAsync(ClientCommands.EXISTS, this.client.key(key), null).thenApply((n) -> n > 0);
	}

	@Override
	public CompletableFuture<Boolean> delete(String key) {
		return this.executor.async(ClientCommands.DEL, this.client.key(key), null).thenApply((n) -> n > 0);
	}

	@Override
	public CompletableFuture<Boolean> expire(String key, Duration expire) {
		String k = this.client.key(key);
		Arguments.requirePositive("expire", expire);
		return this.executor.async(ClientCommands.PEXPIRE, k, expire).thenApply(Boolean.TRUE::equals);
	}

	@Override
	public CompletableFuture<Long> ttl(String key) {
		return this.executor.readAsync(ClientCommands.TTL, this.client.key(key), null);
	}

	@Override
	public CompletableFuture<Long> increment(String key) {
		return this.executor.async(ClientCommands.INCR_AT_MOST_ONCE, this.client.key(key), this.atMostOnce);
	}

	@Override
	public <T> CompletableFuture<T> getJson(String key, Class<T> type) {
		return readJson(key, JsonType.of(type));
	}

	@Override
	public <T> CompletableFuture<T> getJson(String key, JsonType<T> type) {
		return readJson(key, type);
	}

	private <T> CompletableFuture<T> readJson(String key, JsonType<T> type) {
		String k = this.client.key(key);
		Arguments.requireNonNull("type", type);
		return this.executor.readAsync(ClientCommands.GET, k, null)
			.thenApply((text) -> this.json.read("get", k, text, type));
	}

	@Override
	public CompletableFuture<Void> setJson(String key, Object value) {
		String k = this.client.key(key);
		String text = this.client.checkValue(this.json.write("set", k, Arguments.requireNonNull("value", value)));
		return this.executor.async(this.client.setWithDefaultTtl, k, text).thenApply((ok) -> null);
	}

	@Override
	public CompletableFuture<Void> setJson(String key, Object value, Duration expire) {
		String k = this.client.key(key);
		SetArgs args = ClientCommands.px(Arguments.requirePositive("expire", expire));
		String text = this.client.checkValue(this.json.write("set", k, Arguments.requireNonNull("value", value)));
		return this.executor.async(ClientCommands.SET_WITH_ARGS, ClientCommands.set(k, text, args), this.connection)
			.thenApply((ok) -> null);
	}

	@Override
	public CompletableFuture<Long> publish(String channel, String message) {
		String c = this.client.channel(channel);
		this.client.checkValue(message);
		return this.executor.async(ClientCommands.PUBLISH_AT_MOST_ONCE, ClientCommands.publish(c, message),
				this.atMostOnce);
	}

	@Override
	public CompletableFuture<Duration> ping() {
		this.client.ensureOpen();
		long start = System.nanoTime();
		return this.executor.async(ClientCommands.PING, null, null)
			.thenApply((pong) -> Duration.ofNanos(System.nanoTime() - start));
	}

}
