package com.earnbase.redis.failover;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.earnbase.redis.support.Failures;

/**
 * A real thread that repeats one step of steady traffic, a few milliseconds apart, until
 * closed. A step records the outcome of its calls itself; anything it throws is kept as a
 * crash of the traffic, which the checks report.
 */
abstract class TrafficThread implements AutoCloseable {

	private final String name;

	private final long pauseMillis;

	private final Thread thread;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final ConcurrentLinkedQueue<Throwable> crashes = new ConcurrentLinkedQueue<>();

	TrafficThread(String name, long pauseMillis) {
		this.name = name;
		this.pauseMillis = pauseMillis;
		this.thread = new Thread(this::run, "failover-" + name);
	}

	/** Starts the thread. */
	final void start() {
		this.thread.start();
	}

	/**
	 * One round of calls; records their outcomes.
	 * @throws Exception when the traffic itself is broken
	 */
	abstract void step() throws Exception;

	private void run() {
		while (this.running.get()) {
			try {
				step();
			}
			catch (Throwable ex) {
				this.crashes.add(ex);
			}
			try {
				Thread.sleep(this.pauseMillis);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/**
	 * What the steps threw instead of recording it.
	 * @return the crashes
	 */
	final List<Throwable> crashes() {
		return List.copyOf(this.crashes);
	}

	/**
	 * Runs a set-up step before the crash, again while Redis is slow to answer: on a
	 * loaded machine opening the pub/sub connection, say, can take longer than the
	 * clients' short command timeout.
	 * @param <T> the result type
	 * @param step the step; must be safe to run again after a timeout
	 * @return its result
	 */
	static <T> T setUp(Supplier<T> step) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (true) {
			try {
				return step.get();
			}
			catch (RuntimeException ex) {
				if (!Failures.isUnavailable(ex) || System.nanoTime() > deadline) {
					throw ex;
				}
			}
		}
	}

	final String name() {
		return this.name;
	}

	/** Stops the thread after its current step and waits for it. */
	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.thread.join(30_000);
		if (this.thread.isAlive()) {
			throw new AssertionError(this.name + " traffic did not stop within 30 s");
		}
	}

}
