package com.earnbase.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.earnbase.redis.support.Arguments;
import com.earnbase.redis.support.JsonCodec;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import static com.earnbase.redis.CommandExecutor.Operation.DEL;
import static com.earnbase.redis.CommandExecutor.Operation.EXISTS;
import static com.earnbase.redis.CommandExecutor.Operation.GET;
import static com.earnbase.redis.CommandExecutor.Operation.INCR;
import static com.earnbase.redis.CommandExecutor.Operation.PEXPIRE;
import static com.earnbase.redis.CommandExecutor.Operation.PING;
import static com.earnbase.redis.CommandExecutor.Operation.PUBLISH;
import static com.earnbase.redis.CommandExecutor.Operation.SET;
import static com.earnbase.redis.CommandExecutor.Operation.TTL;
import static com.earnbase.redis.LettuceRedisClient.px;

/** The non-blocking view of a {@link LettuceRedisClient}: the same checks, prefixing, timing and translation. */
final class LettuceAsyncRedisClient implements AsyncRedisClient {

	private final LettuceRedisClient client;

	private final CommandExecutor executor;

	private final AtMostOnceDispatcher atMostOnce;

	private final JsonCodec json;

	LettuceAsyncRedisClient(LettuceRedisClient client, CommandExecutor executor, AtMostOnceDispatcher atMostOnce) {
		this.client = client;
		this.executor = executor;
		this.atMostOnce = atMostOnce;
		this.json = client.json();
	}

	@Override
	public CompletableFuture<String> get(String key) {
		String k = this.client.key(key);
		return this.executor.readAsync(GET, (commands) -> commands.get(k));
	}

	@Override
	public CompletableFuture<Void> set(String key, String value) {
		String k = this.client.key(key);
		this.client.checkValue(value);
		return this.executor.async(SET, (commands) -> this.client.setWithDefaultTtl(commands, k, value))
			.thenApply((ok) -> null);
	}

	@Override
	public CompletableFuture<Void> set(String key, String value, Duration expire) {
		String k = this.client.key(key);
		this.client.checkValue(value);
		SetArgs args = px(Arguments.requirePositive("expire", expire));
		return this.executor.async(SET, (commands) -> commands.set(k, value, args)).thenApply((ok) -> null);
	}

	@Override
	public CompletableFuture<Boolean> setIfAbsent(String key, String value, Duration expire) {
		String k = this.client.key(key);
		this.client.checkValue(value);
		SetArgs args = px(Arguments.requirePositive("expire", expire)).nx();
		return this.executor.async(SET, (commands) -> this.atMostOnce.set(k, value, args)).thenApply("OK"::equals);
	}

	@Override
	public CompletableFuture<Boolean> exists(String key) {
		String k = this.client.key(key);
		return this.executor.readAsync(EXISTS, (commands) -> commands.exists(k)).thenApply((n) -> n > 0);
	}

	@Override
	public CompletableFuture<Boolean> delete(String key) {
		String k = this.client.key(key);
		return this.executor.async(DEL, (commands) -> commands.del(k)).thenApply((n) -> n > 0);
	}

	@Override
	public CompletableFuture<Boolean> expire(String key, Duration expire) {
		String k = this.client.key(key);
		long millis = Arguments.requirePositive("expire", expire).toMillis();
		return this.executor.async(PEXPIRE, (commands) -> commands.pexpire(k, millis))
			.thenApply(Boolean.TRUE::equals);
	}

	@Override
	public CompletableFuture<Long> ttl(String key) {
		String k = this.client.key(key);
		return this.executor.readAsync(TTL, (commands) -> commands.ttl(k));
	}

	@Override
	public CompletableFuture<Long> increment(String key) {
		String k = this.client.key(key);
		return this.executor.async(INCR, (commands) -> this.atMostOnce.incr(k));
	}

	@Override
	public <T> CompletableFuture<T> getJson(String key, Class<T> type) {
		return readJson(key, this.json.type(type));
	}

	@Override
	public <T> CompletableFuture<T> getJson(String key, TypeReference<T> type) {
		return readJson(key, this.json.type(type));
	}

	private <T> CompletableFuture<T> readJson(String key, JavaType type) {
		String k = this.client.key(key);
		return this.executor.readAsync(GET, (commands) -> commands.get(k))
			.thenApply((text) -> this.json.read("get", k, text, type));
	}

	@Override
	public CompletableFuture<Void> setJson(String key, Object value) {
		String k = this.client.key(key);
		String text = this.client.checkValue(this.json.write("set", k, Arguments.requireNonNull("value", value)));
		return this.executor.async(SET, (commands) -> this.client.setWithDefaultTtl(commands, k, text))
			.thenApply((ok) -> null);
	}

	@Override
	public CompletableFuture<Void> setJson(String key, Object value, Duration expire) {
		String k = this.client.key(key);
		SetArgs args = px(Arguments.requirePositive("expire", expire));
		String text = this.client.checkValue(this.json.write("set", k, Arguments.requireNonNull("value", value)));
		return this.executor.async(SET, (commands) -> commands.set(k, text, args)).thenApply((ok) -> null);
	}

	@Override
	public CompletableFuture<Long> publish(String channel, String message) {
		String c = this.client.channel(channel);
		this.client.checkValue(message);
		return this.executor.async(PUBLISH, (commands) -> this.atMostOnce.publish(c, message, false));
	}

	@Override
	public CompletableFuture<Duration> ping() {
		this.client.ensureOpen();
		long start = System.nanoTime();
		return this.executor.async(PING, RedisClusterAsyncCommands::ping)
			.thenApply((pong) -> Duration.ofNanos(System.nanoTime() - start));
	}

}
