/**
 * The rate limiter primitive: {@link com.earnbase.redis.ratelimit.RateLimiter}, its Redis
 * implementation with four algorithms (fixed window, sliding log, sliding window counter,
 * token bucket; one Lua script each, on Redis's clock, sent at most once), policies,
 * decisions, failure policy and the {@link com.earnbase.redis.ratelimit.RateLimited}
 * annotation.
 */
package com.earnbase.redis.ratelimit;
