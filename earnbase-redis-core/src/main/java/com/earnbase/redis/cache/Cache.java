package com.earnbase.redis.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import com.earnbase.redis.JsonType;

/**
 * A Redis cache shared by every instance of an application: get-or-compute that caches
 * falsy values and "not found" (null) results, and lets only one caller compute a missing
 * key at a time, in this JVM and across JVMs.
 * <p>
 * Callers of one key are expected to ask for it with one type: callers coalesced onto
 * another's load receive that load's object.
 */
public interface Cache {

	/**
	 * The cached value of a key, computed and cached for the default TTL when missing.
	 * @param <T> the value type
	 * @param key the key, without prefix or namespace
	 * @param type the value type
	 * @param factory computes the value; may return null, which is cached as "absent" for
	 * the null TTL
	 * @return the value, or null when "absent" is cached
	 */
	<T> T getOrSet(String key, Class<T> type, Supplier<T> factory);

	/**
	 * The cached value of a key, computed and cached for {@code expire} when missing.
	 * @param <T> the value type
	 * @param key the key, without prefix or namespace
	 * @param type the value type
	 * @param expire how long a computed value stays cached
	 * @param factory computes the value; may return null, which is cached as "absent" for
	 * the null TTL
	 * @return the value, or null when "absent" is cached
	 */
	<T> T getOrSet(String key, Class<T> type, Duration expire, Supplier<T> factory);

	/**
	 * The cached value of a key of a generic type, computed and cached for {@code expire}
	 * when missing.
	 * @param <T> the value type
	 * @param key the key, without prefix or namespace
	 * @param type the value type, e.g. {@code new JsonType<List<User>>() {}}
	 * @param expire how long a computed value stays cached
	 * @param factory computes the value; may return null, which is cached as "absent" for
	 * the null TTL
	 * @return the value, or null when "absent" is cached
	 */
	<T> T getOrSet(String key, JsonType<T> type, Duration expire, Supplier<T> factory);

	/**
	 * The non-blocking get-or-compute: the same guarantees, without blocking a thread
	 * while waiting.
	 * @param <T> the value type
	 * @param key the key, without prefix or namespace
	 * @param type the value type
	 * @param expire how long a computed value stays cached
	 * @param factory starts computing the value; it is called on the cache's executor
	 * @return the value, or null when "absent" is cached; fails with the factory's
	 * exception
	 */
	<T> CompletableFuture<T> getOrSetAsync(String key, Class<T> type, Duration expire,
			Supplier<CompletionStage<T>> factory);

	/**
	 * The non-blocking get-or-compute of a key of a generic type.
	 * @param <T> the value type
	 * @param key the key, without prefix or namespace
	 * @param type the value type, e.g. {@code new JsonType<List<User>>() {}}
	 * @param expire how long a computed value stays cached
	 * @param factory starts computing the value; it is called on the cache's executor
	 * @return the value, or null when "absent" is cached; fails with the factory's
	 * exception
	 */
	<T> CompletableFuture<T> getOrSetAsync(String key, JsonType<T> type, Duration expire,
			Supplier<CompletionStage<T>> factory);

	/**
	 * The cached value of a key, without computing anything.
	 * @param <T> the value type
	 * @param key the key, without prefix or namespace
	 * @param type the value type
	 * @return the value; empty when the key is not cached or "absent" is cached
	 */
	<T> Optional<T> get(String key, Class<T> type);

	/**
	 * Caches a value, replacing any other.
	 * @param key the key, without prefix or namespace
	 * @param value the value; null caches "absent" for the null TTL
	 * @param expire how long the value stays cached
	 */
	void put(String key, Object value, Duration expire);

	/**
	 * Removes a key from the cache.
	 * @param key the key, without prefix or namespace
	 * @return true when something was cached
	 */
	boolean evict(String key);

}
