package com.earnbase.redis;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady stream of writes from one thread (one every few milliseconds) to keys of one
 * hash slot, recording which were acknowledged and when, for failover tests.
 */
final class SteadyWrites implements AutoCloseable {

	/**
	 * One acknowledged write: its key and when it was sent and acknowledged
	 * ({@link System#nanoTime()}).
	 */
	record Ack(String key, long sentNanos, long ackedNanos) {
	}

	private final RedisClient client;

	private final String keyPrefix;

	private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();

	private final AtomicInteger failures = new AtomicInteger();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Thread thread;

	SteadyWrites(RedisClient client, String hashTag) {
		this.client = client;
		this.keyPrefix = "w:{" + hashTag + "}:";
		this.thread = new Thread(this::run, "steady-writes");
		this.thread.start();
	}

	private void run() {
		for (int i = 0; this.running.get(); i++) {
			String key = this.keyPrefix + i;
			long sent = System.nanoTime();
			try {
				this.client.set(key, String.valueOf(i));
				this.acks.add(new Ack(key, sent, System.nanoTime()));
			}
			catch (EarnbaseRedisException ex) {
				this.failures.incrementAndGet();
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/**
	 * Waits until a write sent after the given instant is acknowledged.
	 * @param sinceNanos the instant
	 * @param timeoutMillis how long to wait
	 * @return the acknowledgement, or null when none came in time
	 */
	Ack awaitAckSentAfter(long sinceNanos, long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
		while (System.nanoTime() < deadline) {
			for (Ack ack : this.acks) {
				if (ack.sentNanos() > sinceNanos) {
					return ack;
				}
			}
			Thread.sleep(10);
		}
		return null;
	}

	/**
	 * Waits for a number of acknowledgements.
	 * @param count how many
	 */
	void awaitAcks(int count) throws InterruptedException {
		while (this.acks.size() < count) {
			Thread.sleep(10);
		}
	}

	List<Ack> acks() {
		return List.copyOf(this.acks);
	}

	int failures() {
		return this.failures.get();
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.thread.join(10_000);
	}

}
