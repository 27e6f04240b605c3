/**
 * The cache primitive: {@link com.earnbase.redis.cache.Cache}, its Redis implementation
 * {@link com.earnbase.redis.cache.RedisCache} with a cross-instance single flight (an
 * owner-checked lease and a release notification), early refresh, a JSON envelope that
 * caches falsy and null values, the opt-in near cache ({@code NearCache}: local copies
 * invalidated by Redis key tracking), its options, failure policy and Lua scripts (beside
 * it under {@code src/main/resources}).
 */
package com.earnbase.redis.cache;
