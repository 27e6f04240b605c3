package com.earnbase.redis.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * S7: 16 threads on one client, warm cache hits, as {@link S6NearCacheHit}. See
 * {@link NearCacheScenario}.
 */
@Threads(16)
public class S7NearCacheHitSixteenThreads extends NearCacheScenario {

}
