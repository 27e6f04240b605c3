package com.earnbase.redis;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The {@code earnbase.redis.command} timers, one pair (success, error) per command,
 * registered on first use.
 */
final class CommandMetrics {

	static final String TIMER = "earnbase.redis.command";

	/** Null without a registry: nothing is timed. */
	private final MeterRegistry registry;

	private final ConcurrentMap<String, Timers> timers = new ConcurrentHashMap<>();

	CommandMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Whether commands are timed at all.
	 * @return false without a registry
	 */
	boolean enabled() {
		return this.registry != null;
	}

	/**
	 * The timers of a command; callers with a fixed set of commands resolve them once
	 * instead of per call.
	 * @param command the command, the value of the {@code command} tag
	 * @return its timers, shared by every caller of the same command
	 */
	Timers timers(String command) {
		Timers existing = this.timers.get(command);
		return (existing != null) ? existing : this.timers.computeIfAbsent(command, Timers::new);
	}

	/**
	 * The timer pair of one command, registered in the registry when it first records.
	 */
	final class Timers {

		private final String command;

		private volatile Timer[] pair;

		private Timers(String command) {
			this.command = command;
		}

		void record(long startNanos, boolean success) {
			Timer[] registered = this.pair;
			if (registered == null) {
				// Registering twice is harmless: the registry hands out the same meters.
				registered = new Timer[] { timer("success"), timer("error") };
				this.pair = registered;
			}
			registered[success ? 0 : 1].record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
		}

		private Timer timer(String outcome) {
			return Timer.builder(TIMER)
				.description("Redis commands sent by the earnbase client")
				.tag("command", this.command)
				.tag("outcome", outcome)
				.register(CommandMetrics.this.registry);
		}

	}

}
