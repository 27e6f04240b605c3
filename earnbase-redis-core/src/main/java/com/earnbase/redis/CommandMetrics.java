package com.earnbase.redis;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The {@code earnbase.redis.command} timers, one pair (success, error) per command, registered on first use. */
final class CommandMetrics {

	static final String TIMER = "earnbase.redis.command";

	private final MeterRegistry registry;

	private final ConcurrentMap<String, Timer[]> timers = new ConcurrentHashMap<>();

	CommandMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void record(String command, long startNanos, boolean success) {
		Timer[] pair = this.timers.get(command);
		if (pair == null) {
			pair = this.timers.computeIfAbsent(command, this::register);
		}
		pair[success ? 0 : 1].record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
	}

	private Timer[] register(String command) {
		return new Timer[] { timer(command, "success"), timer(command, "error") };
	}

	private Timer timer(String command, String outcome) {
		return Timer.builder(TIMER)
			.description("Redis commands sent by the earnbase client")
			.tag("command", command)
			.tag("outcome", outcome)
			.register(this.registry);
	}

}
