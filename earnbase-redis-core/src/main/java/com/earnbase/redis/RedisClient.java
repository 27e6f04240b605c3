package com.earnbase.redis;

import java.time.Duration;

/**
 * A high-level, thread-safe Redis client: every key is stored under the client's prefix,
 * values are strings or JSON, and failures surface as {@link EarnbaseRedisException}s
 * naming the operation.
 * <p>
 * Inputs are checked before any I/O: a null or blank key, a null value or a zero or
 * negative duration gives an {@link IllegalArgumentException} naming the argument. Obtain
 * one with {@link #connect(String)} or {@link #builder()}, or inject the bean the Spring
 * Boot starter creates.
 */
public interface RedisClient extends AutoCloseable {

	/**
	 * Reads a string value.
	 * @param key the key, without the prefix
	 * @return the value, or {@code null} when the key does not exist
	 */
	String get(String key);

	/**
	 * Writes a string value with the client's default TTL, or without expiry when there
	 * is none.
	 * @param key the key, without the prefix
	 * @param value the value
	 */
	void set(String key, String value);

	/**
	 * Writes a string value that expires after the given time.
	 * @param key the key, without the prefix
	 * @param value the value
	 * @param expire time to live, positive
	 */
	void set(String key, String value, Duration expire);

	/**
	 * Writes a value only when the key does not exist yet (SET NX PX). Sent at most once:
	 * never repeated after a reconnect, so the answer is never "not written" for a value
	 * this call itself stored.
	 * @param key the key, without the prefix
	 * @param value the value
	 * @param expire time to live, positive
	 * @return {@code true} when the value was written
	 * @throws RedisConnectionLostException when the connection dropped before the reply:
	 * written once or not at all
	 */
	boolean setIfAbsent(String key, String value, Duration expire);

	/**
	 * Tells whether a key exists.
	 * @param key the key, without the prefix
	 * @return {@code true} when it exists
	 */
	boolean exists(String key);

	/**
	 * Deletes a key.
	 * @param key the key, without the prefix
	 * @return {@code true} when a key was removed
	 */
	boolean delete(String key);

	/**
	 * Sets a key's time to live.
	 * @param key the key, without the prefix
	 * @param expire time to live, positive
	 * @return {@code true} when the key exists and its expiry was set
	 */
	boolean expire(String key, Duration expire);

	/**
	 * Seconds a key has left to live, with Redis's meaning of the special values.
	 * @param key the key, without the prefix
	 * @return seconds left, {@code -1} when the key has no expiry, {@code -2} when it
	 * does not exist
	 */
	long ttl(String key);

	/**
	 * Atomically adds one to an integer value (INCR), creating it at 1. Sent at most
	 * once: never repeated after a reconnect, so it is never applied twice.
	 * @param key the key, without the prefix
	 * @return the new value
	 * @throws RedisConnectionLostException when the connection dropped before the reply:
	 * applied once or not at all
	 */
	long increment(String key);

	/**
	 * Reads a JSON value.
	 * @param <T> the type
	 * @param key the key, without the prefix
	 * @param type the class to read into
	 * @return the value, or {@code null} when the key does not exist
	 * @throws RedisSerializationException when the stored text is not JSON of that type
	 */
	<T> T getJson(String key, Class<T> type);

	/**
	 * Reads a JSON value of a generic type.
	 * @param <T> the type
	 * @param key the key, without the prefix
	 * @param type the type to read into, e.g. {@code new JsonType<List<User>>() {}}
	 * @return the value, or {@code null} when the key does not exist
	 * @throws RedisSerializationException when the stored text is not JSON of that type
	 */
	<T> T getJson(String key, JsonType<T> type);

	/**
	 * Writes a value as JSON with the client's default TTL, or without expiry when there
	 * is none.
	 * @param key the key, without the prefix
	 * @param value the value, not null
	 */
	void setJson(String key, Object value);

	/**
	 * Writes a value as JSON that expires after the given time.
	 * @param key the key, without the prefix
	 * @param value the value, not null
	 * @param expire time to live, positive
	 */
	void setJson(String key, Object value, Duration expire);

	/**
	 * Publishes a message on a channel, which gets the client's prefix like a key. Sent
	 * at most once: a reconnect never delivers it twice.
	 * @param channel the channel, without the prefix
	 * @param message the message
	 * @return the number of subscribers that received it
	 * @throws RedisConnectionLostException when the connection dropped before the reply:
	 * published once or not at all
	 */
	long publish(String channel, String message);

	/**
	 * Sends PING and measures the round trip.
	 * @return the round-trip time
	 * @throws EarnbaseRedisException when Redis does not answer
	 */
	Duration ping();

	/**
	 * The key exactly as it is stored in Redis.
	 * @param key the key, without the prefix
	 * @return the key with the prefix
	 */
	String key(String key);

	/**
	 * The same operations, non-blocking.
	 * @return the asynchronous view of this client
	 */
	AsyncRedisClient async();

	/**
	 * Waits for the commands in flight, then releases the connections. Later calls fail
	 * with {@link IllegalStateException}.
	 */
	@Override
	void close();

	/**
	 * Connects to the Redis server at the given URL, e.g. {@code redis://localhost:6379}.
	 * @param url a {@code redis://}, {@code rediss://} or {@code redis-sentinel://} URL
	 * @return a connected client
	 */
	static RedisClient connect(String url) {
		return builder().url(url).build();
	}

	/**
	 * A builder for every setting: url, db, prefix, default TTL, timeouts, metrics, JSON
	 * mapper.
	 * @return a new builder
	 */
	static RedisClientBuilder builder() {
		return new RedisClientBuilder();
	}

}
