/**
 * The client API and its Lettuce implementation: {@link com.earnbase.redis.RedisClient}
 * (blocking) and {@link com.earnbase.redis.AsyncRedisClient}, built by
 * {@link com.earnbase.redis.RedisClientBuilder}, the library's exceptions, and the
 * package-private parts of {@code LettuceRedisClient} (connecting, command execution,
 * at-most-once dispatch, scripts, names and limits, the pub/sub hub). No Spring here: the
 * Spring Boot wiring lives in the {@code earnbase-redis-autoconfigure} module.
 */
package com.earnbase.redis;
