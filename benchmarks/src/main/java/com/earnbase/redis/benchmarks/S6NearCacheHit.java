package com.earnbase.redis.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * S6: one thread, warm cache hits (issue 17's near cache against the remote cache, raw
 * Lettuce, Redisson's local cached map and Lettuce's client-side caching). See
 * {@link NearCacheScenario}.
 */
@Threads(1)
public class S6NearCacheHit extends NearCacheScenario {

}
