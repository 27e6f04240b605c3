package com.earnbase.redis.cache;

/**
 * A value found in the cache, to tell a cached null ("absent") from a miss.
 *
 * @param value the cached value; null when "absent" is cached
 */
public record CachedValue(Object value) {

}
