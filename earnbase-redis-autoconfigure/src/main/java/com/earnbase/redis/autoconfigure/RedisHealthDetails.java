package com.earnbase.redis.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisServerStatus;
import com.earnbase.redis.cache.RedisCache;

import org.springframework.beans.factory.ListableBeanFactory;

/**
 * What the {@code earnbase-redis} health contributor reports, without a Boot type, so the
 * health indicators of every Boot line report the same: PING round trip, server version
 * and role, and for a cluster its state and slot coverage; and, beside them, whether the
 * near caches' invalidation tracking is active ({@link #NEAR_CACHE}).
 *
 * @param status {@code UP} or {@code DOWN}
 * @param details the details, in a stable order
 */
public record RedisHealthDetails(String status, Map<String, Object> details) {

	/**
	 * The detail that tells, per cache with a near cache, whether its invalidation
	 * tracking is {@code active} or {@code inactive}.
	 */
	public static final String NEAR_CACHE = "nearCache";

	/**
	 * Checks the server.
	 * @param client the client to check, one the library built
	 * @return the status and details
	 */
	public static RedisHealthDetails check(RedisClient client) {
		RedisServerStatus status = RedisServerStatus.of(client);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("pingMs", status.ping().toNanos() / 1_000_000.0);
		details.put("version", status.version());
		details.put("role", status.role());
		if (status.clusterState() != null) {
			details.put("clusterState", status.clusterState());
			details.put("slotsAssigned", status.slotsAssigned());
			details.put("slotsOk", status.slotsOk());
		}
		return new RedisHealthDetails(status.isHealthy() ? "UP" : "DOWN", details);
	}

	/**
	 * Whether each near cache's invalidation tracking is active right now, by cache name;
	 * caches without a near cache are left out. It is reported even when Redis is down
	 * (then as {@code inactive}).
	 * @param caches the caches by name
	 * @return {@code active} or {@code inactive} per cache with a near cache, sorted by
	 * name; empty when none has one
	 */
	public static Map<String, String> nearCacheTracking(Map<String, RedisCache> caches) {
		Map<String, String> tracking = new TreeMap<>();
		caches.forEach((name, cache) -> {
			if (cache.options().nearCache().enabled()) {
				tracking.put(name, cache.nearCacheActive() ? "active" : "inactive");
			}
		});
		return Collections.unmodifiableMap(tracking);
	}

	/**
	 * The caches of an application context by the name {@link #NEAR_CACHE} shows: each
	 * {@link RedisCache} bean by its cache name, else its bean name (the Cache bean is
	 * {@code earnbaseRedisCache}), and each Spring cache that an
	 * {@link EarnbaseRedisCacheManager} has created so far by its name.
	 * @param beanFactory the application's bean factory
	 * @return the caches by name
	 */
	public static Map<String, RedisCache> caches(ListableBeanFactory beanFactory) {
		Map<String, RedisCache> caches = new LinkedHashMap<>();
		beanFactory.getBeansOfType(EarnbaseRedisCacheManager.class, false, false)
			.values()
			.forEach((manager) -> manager.getCacheNames()
				.forEach((name) -> caches.putIfAbsent(name, manager.getCache(name).getNativeCache())));
		beanFactory.getBeansOfType(RedisCache.class, false, false).forEach((beanName, cache) -> {
			String name = cache.options().cacheName();
			caches.putIfAbsent((name != null) ? name : beanName, cache);
		});
		return caches;
	}

}
