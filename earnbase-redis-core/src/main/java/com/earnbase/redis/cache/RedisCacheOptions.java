package com.earnbase.redis.cache;

import java.time.Duration;

import com.earnbase.redis.support.Arguments;

/**
 * Settings of a {@link RedisCache}.
 *
 * @param namespace key namespace under the client's prefix, e.g. {@code cache}
 * @param ttl default time to live; null falls back to the client's default TTL, then to
 * {@link #FALLBACK_TTL}
 * @param nullTtl how long an "absent" (null) result stays cached
 * @param leaseTime how long one caller may compute a missing key while the others wait
 * for it
 * @param earlyRefresh whether hits close to expiry may recompute the value in the
 * background (XFetch)
 * @param earlyRefreshBeta XFetch beta: above 1 refreshes earlier, below 1 later
 * @param cacheName the name tagged on the metrics as {@code cache}; null for none
 * @param onFailure what {@code getOrSet} does when Redis cannot be reached
 * @param nearCache the near cache: local copies invalidated by Redis
 */
public record RedisCacheOptions(String namespace, Duration ttl, Duration nullTtl, Duration leaseTime,
		boolean earlyRefresh, double earlyRefreshBeta, String cacheName, CacheFailurePolicy onFailure,
		NearCacheOptions nearCache) {

	/**
	 * Time to live of values when neither the cache nor the client configures one, so
	 * nothing is cached forever.
	 */
	public static final Duration FALLBACK_TTL = Duration.ofHours(1);

	/** The default namespace. */
	public static final String DEFAULT_NAMESPACE = "cache";

	/** The default time an "absent" result stays cached. */
	public static final Duration DEFAULT_NULL_TTL = Duration.ofSeconds(60);

	/** The default lease time. */
	public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(10);

	/** The default XFetch beta. */
	public static final double DEFAULT_EARLY_REFRESH_BETA = 1.0;

	/** The default failure policy. */
	public static final CacheFailurePolicy DEFAULT_ON_FAILURE = CacheFailurePolicy.COMPUTE;

	/** Checks every setting. */
	public RedisCacheOptions {
		Arguments.requireText("namespace", namespace);
		if (ttl != null) {
			Arguments.requirePositive("ttl", ttl);
		}
		Arguments.requirePositive("nullTtl", nullTtl);
		Arguments.requirePositive("leaseTime", leaseTime);
		if (!(earlyRefreshBeta > 0) || Double.isInfinite(earlyRefreshBeta)) {
			throw new IllegalArgumentException("earlyRefreshBeta must be positive but was " + earlyRefreshBeta);
		}
		if (cacheName != null) {
			Arguments.requireText("cacheName", cacheName);
		}
		Arguments.requireNonNull("onFailure", onFailure);
		Arguments.requireNonNull("nearCache", nearCache);
	}

	/**
	 * Settings without a near cache.
	 * @param namespace key namespace under the client's prefix
	 * @param ttl default time to live, or null
	 * @param nullTtl how long an "absent" result stays cached
	 * @param leaseTime how long one caller may compute a missing key while the others
	 * wait for it
	 * @param earlyRefresh whether to refresh early
	 * @param earlyRefreshBeta XFetch beta
	 * @param cacheName the metrics tag, or null
	 * @param onFailure what {@code getOrSet} does when Redis cannot be reached
	 */
	public RedisCacheOptions(String namespace, Duration ttl, Duration nullTtl, Duration leaseTime, boolean earlyRefresh,
			double earlyRefreshBeta, String cacheName, CacheFailurePolicy onFailure) {
		this(namespace, ttl, nullTtl, leaseTime, earlyRefresh, earlyRefreshBeta, cacheName, onFailure,
				NearCacheOptions.defaults());
	}

	/**
	 * Settings that compute the value when Redis cannot be reached
	 * ({@link CacheFailurePolicy#COMPUTE}).
	 * @param namespace key namespace under the client's prefix
	 * @param ttl default time to live, or null
	 * @param nullTtl how long an "absent" result stays cached
	 * @param leaseTime how long one caller may compute a missing key while the others
	 * wait for it
	 * @param earlyRefresh whether to refresh early
	 * @param earlyRefreshBeta XFetch beta
	 * @param cacheName the metrics tag, or null
	 */
	public RedisCacheOptions(String namespace, Duration ttl, Duration nullTtl, Duration leaseTime, boolean earlyRefresh,
			double earlyRefreshBeta, String cacheName) {
		this(namespace, ttl, nullTtl, leaseTime, earlyRefresh, earlyRefreshBeta, cacheName, CacheFailurePolicy.COMPUTE);
	}

	/**
	 * The defaults: namespace {@code cache}, the client's TTL, null TTL 60 s, lease 10 s,
	 * no early refresh, beta 1, compute on failure, no near cache.
	 * @return the defaults
	 */
	public static RedisCacheOptions defaults() {
		return new RedisCacheOptions(DEFAULT_NAMESPACE, null, DEFAULT_NULL_TTL, DEFAULT_LEASE_TIME, false,
				DEFAULT_EARLY_REFRESH_BETA, null, DEFAULT_ON_FAILURE, NearCacheOptions.defaults());
	}

	/**
	 * A copy with another namespace.
	 * @param namespace the namespace
	 * @return the copy
	 */
	public RedisCacheOptions withNamespace(String namespace) {
		return new RedisCacheOptions(namespace, this.ttl, this.nullTtl, this.leaseTime, this.earlyRefresh,
				this.earlyRefreshBeta, this.cacheName, this.onFailure, this.nearCache);
	}

	/**
	 * A copy with another default time to live.
	 * @param ttl the TTL, or null for the client's
	 * @return the copy
	 */
	public RedisCacheOptions withTtl(Duration ttl) {
		return new RedisCacheOptions(this.namespace, ttl, this.nullTtl, this.leaseTime, this.earlyRefresh,
				this.earlyRefreshBeta, this.cacheName, this.onFailure, this.nearCache);
	}

	/**
	 * A copy with another TTL for "absent" results.
	 * @param nullTtl the TTL
	 * @return the copy
	 */
	public RedisCacheOptions withNullTtl(Duration nullTtl) {
		return new RedisCacheOptions(this.namespace, this.ttl, nullTtl, this.leaseTime, this.earlyRefresh,
				this.earlyRefreshBeta, this.cacheName, this.onFailure, this.nearCache);
	}

	/**
	 * A copy with another lease time.
	 * @param leaseTime the lease time
	 * @return the copy
	 */
	public RedisCacheOptions withLeaseTime(Duration leaseTime) {
		return new RedisCacheOptions(this.namespace, this.ttl, this.nullTtl, leaseTime, this.earlyRefresh,
				this.earlyRefreshBeta, this.cacheName, this.onFailure, this.nearCache);
	}

	/**
	 * A copy with early refresh switched on or off.
	 * @param earlyRefresh whether to refresh early
	 * @param beta the XFetch beta
	 * @return the copy
	 */
	public RedisCacheOptions withEarlyRefresh(boolean earlyRefresh, double beta) {
		return new RedisCacheOptions(this.namespace, this.ttl, this.nullTtl, this.leaseTime, earlyRefresh, beta,
				this.cacheName, this.onFailure, this.nearCache);
	}

	/**
	 * A copy with a cache name for the metric tags.
	 * @param cacheName the name, or null
	 * @return the copy
	 */
	public RedisCacheOptions withCacheName(String cacheName) {
		return new RedisCacheOptions(this.namespace, this.ttl, this.nullTtl, this.leaseTime, this.earlyRefresh,
				this.earlyRefreshBeta, cacheName, this.onFailure, this.nearCache);
	}

	/**
	 * A copy with another failure policy.
	 * @param onFailure what {@code getOrSet} does when Redis cannot be reached
	 * @return the copy
	 */
	public RedisCacheOptions withOnFailure(CacheFailurePolicy onFailure) {
		return new RedisCacheOptions(this.namespace, this.ttl, this.nullTtl, this.leaseTime, this.earlyRefresh,
				this.earlyRefreshBeta, this.cacheName, onFailure, this.nearCache);
	}

	/**
	 * A copy with other near cache settings.
	 * @param nearCache the near cache settings
	 * @return the copy
	 */
	public RedisCacheOptions withNearCache(NearCacheOptions nearCache) {
		return new RedisCacheOptions(this.namespace, this.ttl, this.nullTtl, this.leaseTime, this.earlyRefresh,
				this.earlyRefreshBeta, this.cacheName, this.onFailure, nearCache);
	}

}
