package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.cache.NearCacheOptions;
import com.earnbase.redis.cache.RedisCache;
import com.earnbase.redis.cache.RedisCacheOptions;
import com.earnbase.redis.support.Arguments;

import org.springframework.cache.CacheManager;

/**
 * The Spring {@link CacheManager} on the earnbase cache engine: cache {@code users}
 * stores key {@code 42} at {@code <prefix>cache:users:{42}}, for the TTL configured for
 * that name (else the cache's default TTL), with the near cache configured for that name
 * (else the default options'). Caches are created on first use, or up front by
 * {@link #createCaches(Collection)}.
 */
public class EarnbaseRedisCacheManager implements CacheManager, AutoCloseable {

	/** Packages every application may read cached values back as. */
	public static final List<String> JDK_VALUE_PACKAGES = List.of("java.lang", "java.util", "java.time", "java.math");

	private final RedisClient client;

	private final RedisCacheOptions options;

	private final Map<String, Duration> ttls;

	private final Map<String, NearCacheOptions> nearCaches;

	private final Predicate<String> trustedTypes;

	private final boolean allowNullValues;

	private final ConcurrentHashMap<String, EarnbaseRedisSpringCache> caches = new ConcurrentHashMap<>();

	private final ReentrantLock creation = new ReentrantLock();

	/**
	 * Creates a manager whose caches cache nulls.
	 * @param client the client
	 * @param options the settings every cache starts from; each cache adds its name to
	 * the namespace
	 * @param ttls time to live per cache name
	 * @param trustedPackages packages whose classes values may be read back as (the JDK
	 * ones are added)
	 */
	public EarnbaseRedisCacheManager(RedisClient client, RedisCacheOptions options, Map<String, Duration> ttls,
			Collection<String> trustedPackages) {
		this(client, options, ttls, trustedPackages, true);
	}

	/**
	 * Creates the manager.
	 * @param client the client
	 * @param options the settings every cache starts from; each cache adds its name to
	 * the namespace
	 * @param ttls time to live per cache name
	 * @param trustedPackages packages whose classes values may be read back as (the JDK
	 * ones are added)
	 * @param allowNullValues whether the caches cache nulls (as "absent", for the null
	 * TTL); when not, storing a null throws {@link IllegalArgumentException}
	 */
	public EarnbaseRedisCacheManager(RedisClient client, RedisCacheOptions options, Map<String, Duration> ttls,
			Collection<String> trustedPackages, boolean allowNullValues) {
		this(client, options, ttls, Map.of(), trustedPackages, allowNullValues);
	}

	/**
	 * Creates the manager with a near cache per cache name.
	 * @param client the client
	 * @param options the settings every cache starts from; each cache adds its name to
	 * the namespace
	 * @param ttls time to live per cache name
	 * @param nearCaches near cache per cache name; the others get the near cache of
	 * {@code options}
	 * @param trustedPackages packages whose classes values may be read back as (the JDK
	 * ones are added)
	 * @param allowNullValues whether the caches cache nulls (as "absent", for the null
	 * TTL); when not, storing a null throws {@link IllegalArgumentException}
	 */
	public EarnbaseRedisCacheManager(RedisClient client, RedisCacheOptions options, Map<String, Duration> ttls,
			Map<String, NearCacheOptions> nearCaches, Collection<String> trustedPackages, boolean allowNullValues) {
		this.allowNullValues = allowNullValues;
		this.client = Arguments.requireNonNull("client", client);
		this.options = Arguments.requireNonNull("options", options);
		this.ttls = Map.copyOf(Arguments.requireNonNull("ttls", ttls));
		this.nearCaches = Map.copyOf(Arguments.requireNonNull("nearCaches", nearCaches));
		Arguments.requireNonNull("trustedPackages", trustedPackages);
		List<String> prefixes = Stream.concat(JDK_VALUE_PACKAGES.stream(), trustedPackages.stream())
			.map((name) -> name.endsWith(".") ? name : name + ".")
			.toList();
		this.trustedTypes = (type) -> prefixes.stream().anyMatch(type::startsWith);
	}

	@Override
	public EarnbaseRedisSpringCache getCache(String name) {
		Arguments.requireText("name", name);
		EarnbaseRedisSpringCache cache = this.caches.get(name);
		if (cache != null) {
			return cache;
		}
		// A lock rather than computeIfAbsent: creating a cache subscribes to its channel,
		// I/O that must not run
		// inside the map's monitor.
		this.creation.lock();
		try {
			EarnbaseRedisSpringCache created = this.caches.get(name);
			return (created != null) ? created : create(name);
		}
		finally {
			this.creation.unlock();
		}
	}

	private EarnbaseRedisSpringCache create(String name) {
		RedisCacheOptions cacheOptions = this.options.withNamespace(this.options.namespace() + ":" + name)
			.withCacheName(name)
			.withTtl(this.ttls.getOrDefault(name, this.options.ttl()))
			.withNearCache(this.nearCaches.getOrDefault(name, this.options.nearCache()));
		EarnbaseRedisSpringCache cache = new EarnbaseRedisSpringCache(name, new RedisCache(this.client, cacheOptions),
				this.trustedTypes, this.allowNullValues);
		this.caches.put(name, cache);
		return cache;
	}

	/**
	 * Creates caches now rather than on first use (Boot's
	 * {@code spring.cache.cache-names}); other names are still created on first use.
	 * @param names the cache names
	 */
	public void createCaches(Collection<String> names) {
		// Every name is checked before the first cache subscribes to its channel.
		Arguments.requireNonNull("names", names).forEach((name) -> Arguments.requireText("names[]", name));
		names.forEach(this::getCache);
	}

	/**
	 * Whether the caches cache nulls.
	 * @return true when they do
	 */
	public boolean isAllowNullValues() {
		return this.allowNullValues;
	}

	/**
	 * Closes every cache this manager created (their notification registrations and
	 * loader pools); the client stays open. Spring calls it when the context closes,
	 * before the client.
	 */
	@Override
	public void close() {
		this.caches.values().forEach((cache) -> cache.getNativeCache().close());
	}

	@Override
	public Collection<String> getCacheNames() {
		return List.copyOf(this.caches.keySet());
	}

}
