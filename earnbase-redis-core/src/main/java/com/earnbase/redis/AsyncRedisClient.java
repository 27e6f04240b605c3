package com.earnbase.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The non-blocking view of a {@link RedisClient}: the same operations with the same
 * prefixing, default TTL and argument checks (bad arguments throw
 * {@link IllegalArgumentException} at once, before any I/O); the futures complete with
 * the result or fail with an {@link EarnbaseRedisException}.
 */
public interface AsyncRedisClient {

	/**
	 * See {@link RedisClient#get(String)}.
	 * @param key the key, without the prefix
	 * @return the value, or {@code null} when absent
	 */
	CompletableFuture<String> get(String key);

	/**
	 * See {@link RedisClient#set(String, String)}.
	 * @param key the key, without the prefix
	 * @param value the value
	 * @return completes when written
	 */
	CompletableFuture<Void> set(String key, String value);

	/**
	 * See {@link RedisClient#set(String, String, Duration)}.
	 * @param key the key, without the prefix
	 * @param value the value
	 * @param expire time to live, positive
	 * @return completes when written
	 */
	CompletableFuture<Void> set(String key, String value, Duration expire);

	/**
	 * See {@link RedisClient#setIfAbsent(String, String, Duration)}.
	 * @param key the key, without the prefix
	 * @param value the value
	 * @param expire time to live, positive
	 * @return whether the value was written
	 */
	CompletableFuture<Boolean> setIfAbsent(String key, String value, Duration expire);

	/**
	 * See {@link RedisClient#exists(String)}.
	 * @param key the key, without the prefix
	 * @return whether the key exists
	 */
	CompletableFuture<Boolean> exists(String key);

	/**
	 * See {@link RedisClient#delete(String)}.
	 * @param key the key, without the prefix
	 * @return whether a key was removed
	 */
	CompletableFuture<Boolean> delete(String key);

	/**
	 * See {@link RedisClient#expire(String, Duration)}.
	 * @param key the key, without the prefix
	 * @param expire time to live, positive
	 * @return whether the expiry was set
	 */
	CompletableFuture<Boolean> expire(String key, Duration expire);

	/**
	 * See {@link RedisClient#ttl(String)}.
	 * @param key the key, without the prefix
	 * @return seconds left, -1 without expiry, -2 when absent
	 */
	CompletableFuture<Long> ttl(String key);

	/**
	 * See {@link RedisClient#increment(String)}.
	 * @param key the key, without the prefix
	 * @return the new value
	 */
	CompletableFuture<Long> increment(String key);

	/**
	 * See {@link RedisClient#getJson(String, Class)}.
	 * @param <T> the type
	 * @param key the key, without the prefix
	 * @param type the class to read into
	 * @return the value, or {@code null} when absent
	 */
	<T> CompletableFuture<T> getJson(String key, Class<T> type);

	/**
	 * See {@link RedisClient#getJson(String, JsonType)}.
	 * @param <T> the type
	 * @param key the key, without the prefix
	 * @param type the type to read into
	 * @return the value, or {@code null} when absent
	 */
	<T> CompletableFuture<T> getJson(String key, JsonType<T> type);

	/**
	 * See {@link RedisClient#setJson(String, Object)}.
	 * @param key the key, without the prefix
	 * @param value the value, not null
	 * @return completes when written
	 */
	CompletableFuture<Void> setJson(String key, Object value);

	/**
	 * See {@link RedisClient#setJson(String, Object, Duration)}.
	 * @param key the key, without the prefix
	 * @param value the value, not null
	 * @param expire time to live, positive
	 * @return completes when written
	 */
	CompletableFuture<Void> setJson(String key, Object value, Duration expire);

	/**
	 * See {@link RedisClient#publish(String, String)}.
	 * @param channel the channel, without the prefix
	 * @param message the message
	 * @return the number of receivers
	 */
	CompletableFuture<Long> publish(String channel, String message);

	/**
	 * See {@link RedisClient#ping()}.
	 * @return the round-trip time
	 */
	CompletableFuture<Duration> ping();

}
