package com.earnbase.redis.autoconfigure;

import java.lang.reflect.Array;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.earnbase.redis.cache.CachedValue;
import com.earnbase.redis.cache.RedisCache;

import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.NullValue;
import org.springframework.cache.support.SimpleValueWrapper;
import org.springframework.util.ReflectionUtils;

/**
 * One Spring {@link org.springframework.cache.Cache} on a {@link RedisCache}: keys are
 * converted to text as Spring Data Redis converts them (see {@link #convertKey(Object)}),
 * nulls are cached as "absent" for the null TTL unless the cache disallows them,
 * {@code putIfAbsent} is one atomic script, and {@code get(key, Callable)} (what
 * {@code @Cacheable(sync = true)} calls) computes a missing key once across every
 * instance. The {@code retrieve} methods serve {@code @Cacheable} methods that return a
 * {@code CompletableFuture}.
 * <p>
 * Spring does not say which type it expects back, so values are read as the class
 * recorded when they were written, and only if that class is trusted (the application's
 * packages, java.lang/util/time/math, and {@code earnbase.redis.cache.trusted-packages}):
 * a stored payload cannot make this cache instantiate any other class.
 */
public class EarnbaseRedisSpringCache extends AbstractValueAdaptingCache {

	private final String name;

	private final RedisCache engine;

	private final Predicate<String> trustedTypes;

	/**
	 * Creates a cache that caches nulls.
	 * @param name the cache name
	 * @param engine the engine, whose namespace includes the name
	 * @param trustedTypes accepts the class names values may be read back as
	 */
	public EarnbaseRedisSpringCache(String name, RedisCache engine, Predicate<String> trustedTypes) {
		this(name, engine, trustedTypes, true);
	}

	/**
	 * Creates the cache.
	 * @param name the cache name
	 * @param engine the engine, whose namespace includes the name
	 * @param trustedTypes accepts the class names values may be read back as
	 * @param allowNullValues whether null values are cached (as "absent"); when not,
	 * storing one throws {@link IllegalArgumentException}, as Spring's own caches do
	 */
	public EarnbaseRedisSpringCache(String name, RedisCache engine, Predicate<String> trustedTypes,
			boolean allowNullValues) {
		super(allowNullValues);
		this.name = name;
		this.engine = engine;
		this.trustedTypes = trustedTypes;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public RedisCache getNativeCache() {
		return this.engine;
	}

	/**
	 * The time to live of this cache's values.
	 * @return the TTL
	 */
	public Duration ttl() {
		return this.engine.defaultTtl();
	}

	@Override
	protected Object lookup(Object key) {
		return storeValue(this.engine.lookupRecorded(convertKey(key), this.trustedTypes));
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T get(Object key, Callable<T> valueLoader) {
		return (T) this.engine.getOrSetRecorded(convertKey(key), this.engine.defaultTtl(), this.trustedTypes, () -> {
			Object value;
			try {
				value = valueLoader.call();
			}
			catch (Exception ex) {
				throw new ValueRetrievalException(key, valueLoader, ex);
			}
			return storable(value);
		});
	}

	@Override
	public CompletableFuture<?> retrieve(Object key) {
		return this.engine.lookupRecordedAsync(convertKey(key), this.trustedTypes)
			.thenApply((cached) -> toValueWrapper(storeValue(cached)));
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		return this.engine
			.getOrSetRecordedAsync(convertKey(key), this.engine.defaultTtl(), this.trustedTypes,
					() -> valueLoader.get().thenApply(this::storable))
			.thenApply((value) -> (T) value);
	}

	@Override
	public void put(Object key, Object value) {
		this.engine.put(convertKey(key), storable(value), this.engine.defaultTtl());
	}

	/**
	 * Stores the value unless the key has one, atomically across threads and instances in
	 * one round trip.
	 * @param key the key
	 * @param value the value
	 * @return the value the key already had (its wrapper holds null for a cached null),
	 * or null when this call stored the value
	 * @throws IllegalArgumentException when the value is null and this cache disallows
	 * nulls
	 */
	@Override
	public ValueWrapper putIfAbsent(Object key, Object value) {
		CachedValue existing = this.engine.putIfAbsentRecorded(convertKey(key), storable(value),
				this.engine.defaultTtl(), this.trustedTypes);
		return (existing != null) ? new SimpleValueWrapper(existing.value()) : null;
	}

	@Override
	public void evict(Object key) {
		this.engine.evict(convertKey(key));
	}

	@Override
	public boolean evictIfPresent(Object key) {
		return this.engine.evict(convertKey(key));
	}

	@Override
	public void clear() {
		this.engine.clear();
	}

	/**
	 * Removes every entry of this cache, like {@link #clear()}.
	 * @return whether there were entries to remove
	 */
	@Override
	public boolean invalidate() {
		return this.engine.clear() > 0;
	}

	/**
	 * The text a key is stored under, as Spring Data Redis converts keys: a
	 * {@code String} as it is, an array or collection as its elements (each converted) in
	 * brackets, a map as its converted entries in braces, anything else (primitive
	 * wrappers, enums, records, {@code SimpleKey}) by its own {@code toString()}. A key
	 * whose class inherits {@code Object.toString()} is refused: its text would hold an
	 * identity hash code, which differs between instances and restarts (the entry would
	 * never hit again) and repeats across JVM runs (two keys could read each other's
	 * value).
	 * @param key the key
	 * @return the text
	 * @throws IllegalArgumentException when the key is null
	 * @throws IllegalStateException when the key (or an element of it) has no
	 * {@code toString()} of its own
	 */
	static String convertKey(Object key) {
		if (key == null) {
			throw new IllegalArgumentException("key must not be null");
		}
		if (key instanceof String text) {
			return text;
		}
		if (key.getClass().isArray()) {
			StringJoiner elements = new StringJoiner(", ", "[", "]");
			for (int i = 0; i < Array.getLength(key); i++) {
				elements.add(element(Array.get(key, i)));
			}
			return elements.toString();
		}
		if (key instanceof Collection<?> collection) {
			StringJoiner elements = new StringJoiner(", ", "[", "]");
			collection.forEach((element) -> elements.add(element(element)));
			return elements.toString();
		}
		if (key instanceof Map<?, ?> map) {
			StringJoiner entries = new StringJoiner(", ", "{", "}");
			map.forEach((k, v) -> entries.add(element(k) + "=" + element(v)));
			return entries.toString();
		}
		if (ReflectionUtils.findMethod(key.getClass(), "toString").getDeclaringClass() == Object.class) {
			throw new IllegalStateException("Cannot convert cache key of type " + key.getClass().getName()
					+ " to a String: it does not override toString(), so its text would differ between instances and "
					+ "restarts; override toString() (a record does), or give the cache a key with "
					+ "@Cacheable(key = \"...\") or a KeyGenerator");
		}
		return key.toString();
	}

	private static String element(Object element) {
		return (element != null) ? convertKey(element) : "null";
	}

	/**
	 * What lookups return: null on a miss, {@link NullValue} for a cached null (a miss
	 * when nulls are disallowed).
	 */
	private Object storeValue(CachedValue cached) {
		if (cached == null || (cached.value() == null && !isAllowNullValues())) {
			return null;
		}
		return (cached.value() != null) ? cached.value() : NullValue.INSTANCE;
	}

	/**
	 * The value to hand to the engine (null for "absent"), refusing a null before any I/O
	 * when nulls are disallowed.
	 */
	private Object storable(Object value) {
		if (value != null && !(value instanceof NullValue)) {
			return value;
		}
		if (!isAllowNullValues()) {
			throw new IllegalArgumentException("Cache '" + this.name + "' does not allow null values "
					+ "(earnbase.redis.cache.cache-null-values=false); skip them with "
					+ "@Cacheable(unless = \"#result == null\")");
		}
		return null;
	}

}
