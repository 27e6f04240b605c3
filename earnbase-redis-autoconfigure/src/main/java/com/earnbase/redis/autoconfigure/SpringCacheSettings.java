package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Boot's {@code spring.cache.*} settings as the starter's
 * {@link EarnbaseRedisCacheManager} applies them: each one either takes effect or stops
 * start-up naming what to set instead, so that none is silently ignored (the README's
 * "Spring Cache" section has the table).
 *
 * @param ttl the default time to live of the Spring caches, or null for the cache's
 * @param allowNullValues whether the Spring caches cache nulls
 * @param cacheNames the caches to create at start-up
 */
record SpringCacheSettings(Duration ttl, boolean allowNullValues, List<String> cacheNames) {

	private static final String REDIS = "spring.cache.redis.";

	private static final String TIME_TO_LIVE = REDIS + "time-to-live";

	private static final String CACHE_NULL_VALUES = REDIS + "cache-null-values";

	private static final String KEY_PREFIX = REDIS + "key-prefix";

	private static final String USE_KEY_PREFIX = REDIS + "use-key-prefix";

	private static final String ENABLE_STATISTICS = REDIS + "enable-statistics";

	private static final String CACHE_NAMES = "spring.cache.cache-names";

	/**
	 * Reads Boot's settings and merges them with the starter's.
	 * @param environment the environment, whose {@code spring.cache.*} properties are
	 * read as Boot binds them
	 * @param properties the starter's cache properties
	 * @return the settings
	 * @throws InvalidRedisPropertyException naming the Boot property that cannot be
	 * applied, or both properties when a Boot one disagrees with the starter's
	 */
	static SpringCacheSettings of(Environment environment, EarnbaseRedisCacheProperties properties) {
		Binder binder = Binder.get(environment);
		binder.bind(KEY_PREFIX, String.class).ifBound((prefix) -> {
			throw new InvalidRedisPropertyException(KEY_PREFIX, prefix,
					"is not applied by the earnbase-redis "
							+ "CacheManager, which stores key <key> of cache <name> at <earnbase.redis.prefix>:"
							+ "<earnbase.redis.cache.namespace>:<name>:{<key>}; set earnbase.redis.prefix or "
							+ EarnbaseRedisCacheProperties.PREFIX + ".namespace instead and remove it");
		});
		binder.bind(USE_KEY_PREFIX, Boolean.class).ifBound((use) -> {
			if (!use) {
				throw new InvalidRedisPropertyException(USE_KEY_PREFIX, "false", "cannot be applied: the "
						+ "earnbase-redis CacheManager always puts the cache name in the key, so that two caches "
						+ "never read each other's entries; remove it (" + EarnbaseRedisCacheProperties.PREFIX
						+ ".namespace sets the rest of the key)");
			}
		});
		binder.bind(ENABLE_STATISTICS, Boolean.class).ifBound((enable) -> {
			if (!enable) {
				throw new InvalidRedisPropertyException(ENABLE_STATISTICS, "false", "cannot be applied: the "
						+ "earnbase-redis caches always record the earnbase.redis.cache.* meters when there is a "
						+ "MeterRegistry; turn them off with management.metrics.enable.earnbase.redis.cache=false "
						+ "instead and remove it");
			}
		});
		Duration ttl = binder.bind(TIME_TO_LIVE, Duration.class).map((bootTtl) -> {
			if (bootTtl.isZero() || bootTtl.isNegative()) {
				throw new InvalidRedisPropertyException(TIME_TO_LIVE, bootTtl.toString(),
						"must be positive: the " + "earnbase-redis caches never keep values forever");
			}
			Duration own = properties.getTtl();
			if (own != null && !own.equals(bootTtl)) {
				throw conflict(TIME_TO_LIVE, bootTtl, "ttl", own);
			}
			return bootTtl;
		}).orElse(properties.getTtl());
		Boolean own = properties.getCacheNullValues();
		boolean allowNullValues = binder.bind(CACHE_NULL_VALUES, Boolean.class).map((bootAllow) -> {
			if (own != null && !own.equals(bootAllow)) {
				throw conflict(CACHE_NULL_VALUES, bootAllow, "cache-null-values", own);
			}
			return bootAllow;
		}).orElse((own != null) ? own : true);
		List<String> cacheNames = binder.bind(CACHE_NAMES, Bindable.listOf(String.class)).orElse(List.of());
		for (int i = 0; i < cacheNames.size(); i++) {
			if (cacheNames.get(i) == null || cacheNames.get(i).isBlank()) {
				throw new InvalidRedisPropertyException(CACHE_NAMES + "[" + i + "]", String.valueOf(cacheNames.get(i)),
						"must not be empty");
			}
		}
		return new SpringCacheSettings(ttl, allowNullValues, List.copyOf(cacheNames));
	}

	private static InvalidRedisPropertyException conflict(String bootProperty, Object bootValue, String ownProperty,
			Object ownValue) {
		return new InvalidRedisPropertyException(bootProperty, String.valueOf(bootValue), "conflicts with "
				+ EarnbaseRedisCacheProperties.PREFIX + "." + ownProperty + "=" + ownValue + "; set only one of them");
	}

}
