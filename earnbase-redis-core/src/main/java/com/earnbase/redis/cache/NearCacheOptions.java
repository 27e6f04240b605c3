package com.earnbase.redis.cache;

import java.time.Duration;

import com.earnbase.redis.support.Arguments;

/**
 * Settings of a cache's near cache: copies of values in this JVM's memory, dropped when
 * Redis reports that their key changed ({@code CLIENT TRACKING}).
 *
 * @param enabled whether reads are served from local copies
 * @param maxEntries the most local copies kept; beyond it the least valuable are evicted
 * (W-TinyLFU)
 * @param ttl the longest a local copy lives, even when no invalidation arrives
 */
public record NearCacheOptions(boolean enabled, long maxEntries, Duration ttl) {

	/** The default bound on local copies. */
	public static final long DEFAULT_MAX_ENTRIES = 10_000;

	/** The default longest life of a local copy. */
	public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

	/** Checks every setting. */
	public NearCacheOptions {
		if (maxEntries < 1) {
			throw new IllegalArgumentException("maxEntries must be at least 1 but was " + maxEntries);
		}
		Arguments.requirePositive("ttl", ttl);
	}

	/**
	 * The defaults: off, 10,000 entries, 5 minutes.
	 * @return the defaults
	 */
	public static NearCacheOptions defaults() {
		return new NearCacheOptions(false, DEFAULT_MAX_ENTRIES, DEFAULT_TTL);
	}

	/**
	 * A copy switched on or off.
	 * @param enabled whether reads are served from local copies
	 * @return the copy
	 */
	public NearCacheOptions withEnabled(boolean enabled) {
		return new NearCacheOptions(enabled, this.maxEntries, this.ttl);
	}

	/**
	 * A copy with another bound on local copies.
	 * @param maxEntries the bound, at least 1
	 * @return the copy
	 */
	public NearCacheOptions withMaxEntries(long maxEntries) {
		return new NearCacheOptions(this.enabled, maxEntries, this.ttl);
	}

	/**
	 * A copy with another longest life of a local copy.
	 * @param ttl the life
	 * @return the copy
	 */
	public NearCacheOptions withTtl(Duration ttl) {
		return new NearCacheOptions(this.enabled, this.maxEntries, ttl);
	}

}
