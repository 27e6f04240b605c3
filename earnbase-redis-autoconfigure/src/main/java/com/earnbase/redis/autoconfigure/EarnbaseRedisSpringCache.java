package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.earnbase.redis.cache.CachedValue;
import com.earnbase.redis.cache.RedisCache;

import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.NullValue;

/**
 * One Spring {@link org.springframework.cache.Cache} on a {@link RedisCache}: keys are converted with
 * {@code toString()}, nulls are cached as "absent" for the null TTL, and {@code get(key, Callable)} (what
 * {@code @Cacheable(sync = true)} calls) computes a missing key once across every instance. The
 * {@code retrieve} methods serve {@code @Cacheable} methods that return a {@code CompletableFuture}.
 * <p>
 * Spring does not say which type it expects back, so values are read as the class recorded when they were
 * written, and only if that class is trusted (the application's packages, java.lang/util/time/math, and
 * {@code earnbase.redis.cache.trusted-packages}): a stored payload cannot make this cache instantiate any other class.
 */
public class EarnbaseRedisSpringCache extends AbstractValueAdaptingCache {

	private final String name;

	private final RedisCache engine;

	private final Predicate<String> trustedTypes;

	/**
	 * Creates the cache.
	 * @param name the cache name
	 * @param engine the engine, whose namespace includes the name
	 * @param trustedTypes accepts the class names values may be read back as
	 */
	public EarnbaseRedisSpringCache(String name, RedisCache engine, Predicate<String> trustedTypes) {
		super(true);
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
		CachedValue cached = this.engine.lookupRecorded(key(key), this.trustedTypes);
		if (cached == null) {
			return null;
		}
		return (cached.value() != null) ? cached.value() : NullValue.INSTANCE;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T get(Object key, Callable<T> valueLoader) {
		return (T) this.engine.getOrSetRecorded(key(key), this.engine.defaultTtl(), this.trustedTypes, () -> {
			try {
				return valueLoader.call();
			}
			catch (Exception ex) {
				throw new ValueRetrievalException(key, valueLoader, ex);
			}
		});
	}

	@Override
	public CompletableFuture<?> retrieve(Object key) {
		return this.engine.lookupRecordedAsync(key(key), this.trustedTypes)
			.thenApply((cached) -> (cached != null) ? toValueWrapper(
					(cached.value() != null) ? cached.value() : NullValue.INSTANCE) : null);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		return this.engine.getOrSetRecordedAsync(key(key), this.engine.defaultTtl(), this.trustedTypes, valueLoader)
			.thenApply((value) -> (T) value);
	}

	@Override
	public void put(Object key, Object value) {
		this.engine.put(key(key), (value instanceof NullValue) ? null : value, this.engine.defaultTtl());
	}

	@Override
	public void evict(Object key) {
		this.engine.evict(key(key));
	}

	@Override
	public boolean evictIfPresent(Object key) {
		return this.engine.evict(key(key));
	}

	@Override
	public void clear() {
		this.engine.clear();
	}

	private static String key(Object key) {
		if (key == null) {
			throw new IllegalArgumentException("key must not be null");
		}
		return key.toString();
	}

}
