package com.earnbase.redis.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/** S1: one thread, round-trip bound. See {@link BlockingScenario}. */
@Threads(1)
public class S1SingleThread extends BlockingScenario {

}
