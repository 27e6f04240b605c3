package com.earnbase.redis.autoconfigure.boot4;

import java.util.Map;
import java.util.function.Supplier;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.autoconfigure.RedisHealthDetails;
import com.earnbase.redis.cache.RedisCache;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the earnbase Redis client ({@code earnbase-redis}): PING round trip, server
 * version and role, and for a cluster its state and slot coverage; DOWN with the error
 * when Redis does not answer. Caches with a near cache add detail {@code nearCache}:
 * whether each one's invalidation tracking is {@code active} or {@code inactive}, also
 * when Redis is down. On Boot 4 ({@code spring-boot-health}).
 */
public class EarnbaseRedisHealthIndicator extends AbstractHealthIndicator {

	private final RedisClient client;

	private final Supplier<Map<String, RedisCache>> caches;

	/**
	 * Creates the indicator without caches to report.
	 * @param client the client to check, one the library built
	 */
	public EarnbaseRedisHealthIndicator(RedisClient client) {
		this(client, Map::of);
	}

	/**
	 * Creates the indicator.
	 * @param client the client to check, one the library built
	 * @param caches the caches whose near cache tracking is reported, by name, asked at
	 * every check (Spring caches are created on first use)
	 */
	public EarnbaseRedisHealthIndicator(RedisClient client, Supplier<Map<String, RedisCache>> caches) {
		super("Redis health check failed");
		this.client = client;
		this.caches = caches;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		// Before the check, which throws when Redis is down: then the builder keeps this
		// detail beside the error.
		Map<String, String> nearCaches = RedisHealthDetails.nearCacheTracking(this.caches.get());
		if (!nearCaches.isEmpty()) {
			builder.withDetail(RedisHealthDetails.NEAR_CACHE, nearCaches);
		}
		RedisHealthDetails health = RedisHealthDetails.check(this.client);
		builder.status(health.status()).withDetails(health.details());
	}

}
