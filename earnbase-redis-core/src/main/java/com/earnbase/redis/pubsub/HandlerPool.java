package com.earnbase.redis.pubsub;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler threads of one {@link RedisPubSubService} and the bound on the messages all its subscriptions may hold
 * queued: a message over that bound is rejected, counted and, at most once per interval, logged.
 */
final class HandlerPool {

	private static final Logger logger = LoggerFactory.getLogger(RedisPubSubService.class);

	/** At most one warning about rejected messages per interval, each with the count since the last. */
	private static final long REJECTED_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final ThreadPoolExecutor executor;

	private final int queueCapacity;

	private final PubSubMetrics metrics;

	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicLong rejectedSinceLog = new AtomicLong();

	private final AtomicLong lastRejectedLog = new AtomicLong(System.nanoTime() - REJECTED_LOG_INTERVAL_NANOS);

	/** Set when the shutdown timeout expired: handlers still running stop after their current message. */
	private volatile boolean abandoned;

	HandlerPool(int threads, int queueCapacity, PubSubMetrics metrics) {
		this.queueCapacity = queueCapacity;
		this.metrics = metrics;
		this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				// Holds at most one drain task per subscription: the messages wait in the subscriptions' queues.
				new LinkedBlockingQueue<>(), new HandlerThreadFactory());
		this.executor.allowCoreThreadTimeOut(true);
	}

	/**
	 * Takes a place for one queued message.
	 * @return false when the queue capacity is reached
	 */
	boolean reserve() {
		if (this.queued.incrementAndGet() > this.queueCapacity) {
			this.queued.decrementAndGet();
			return false;
		}
		return true;
	}

	/** Gives back the place of a message taken off a queue. */
	void release() {
		this.queued.decrementAndGet();
	}

	void execute(Runnable task) {
		this.executor.execute(task);
	}

	boolean isAbandoned() {
		return this.abandoned;
	}

	/**
	 * Counts rejected messages of a subscription, and warns when the last warning is an interval old.
	 * @param name the subscription's channel or pattern, as the application names it
	 * @param count how many messages
	 */
	void rejected(String name, long count) {
		this.metrics.increment(PubSubMetrics.RECEIVED, PubSubMetrics.REJECTED, name, count);
		this.rejectedSinceLog.addAndGet(count);
		long now = System.nanoTime();
		long last = this.lastRejectedLog.get();
		if (now - last >= REJECTED_LOG_INTERVAL_NANOS && this.lastRejectedLog.compareAndSet(last, now)) {
			logger.atWarn()
				.addKeyValue("operation", "pubsub.receive")
				.addKeyValue("outcome", PubSubMetrics.REJECTED)
				.addKeyValue("rejected", this.rejectedSinceLog.getAndSet(0))
				.addKeyValue("capacity", this.queueCapacity)
				.log("Message handlers are behind and their queue is full; messages were dropped");
		}
	}

	/**
	 * Lets the handlers finish the queued messages for at most the timeout; after it, running handlers are
	 * interrupted and stop after their current message.
	 * @param timeout the longest wait
	 * @return true when the handlers finished in time
	 */
	boolean shutdown(Duration timeout) {
		this.executor.shutdown();
		if (awaitTermination(timeout)) {
			return true;
		}
		this.abandoned = true;
		this.executor.shutdownNow();
		return false;
	}

	/** Logs the rejections no warning reported yet; on close. */
	void logUnreportedRejections() {
		long rejectedUnlogged = this.rejectedSinceLog.getAndSet(0);
		if (rejectedUnlogged > 0) {
			logger.atWarn()
				.addKeyValue("operation", "pubsub.receive")
				.addKeyValue("outcome", PubSubMetrics.REJECTED)
				.addKeyValue("rejected", rejectedUnlogged)
				.log("Messages dropped (handler queue full, or service closing) since the last warning");
		}
	}

	private boolean awaitTermination(Duration timeout) {
		try {
			return this.executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Names the handler threads, daemons so that a service never closed does not keep the JVM alive. */
	private static final class HandlerThreadFactory implements ThreadFactory {

		private static final AtomicInteger services = new AtomicInteger();

		private final String prefix = "earnbase-pubsub-" + services.incrementAndGet() + "-";

		private final AtomicInteger threads = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, this.prefix + this.threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
