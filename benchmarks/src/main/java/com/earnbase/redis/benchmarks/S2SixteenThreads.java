package com.earnbase.redis.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * S2: 16 threads on one client, a servlet application's blocking pattern. See
 * {@link BlockingScenario}.
 */
@Threads(16)
public class S2SixteenThreads extends BlockingScenario {

}
