package com.earnbase.redis.pubsub;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.earnbase.redis.support.DaemonThreads;
import com.earnbase.redis.support.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler threads of one {@link RedisPubSubService} and the bound on the messages all
 * its subscriptions may hold queued: a message over that bound is rejected, counted and,
 * at most once per interval, logged.
 */
final class HandlerPool {

	private static final Logger logger = LoggerFactory.getLogger(RedisPubSubService.class);

	/**
	 * Names each service's handler threads apart: earnbase-pubsub-1-1,
	 * earnbase-pubsub-2-1, ...
	 */
	private static final AtomicInteger services = new AtomicInteger();

	private final ThreadPoolExecutor executor;

	private final int queueCapacity;

	private final PubSubMetrics metrics;

	private final AtomicInteger queued = new AtomicInteger();

	/**
	 * At most one warning about rejected messages per interval, each with the count since
	 * the last.
	 */
	private final ThrottledLog rejectedLog = new ThrottledLog(Duration.ofSeconds(10));

	/**
	 * Set when the shutdown timeout expired: handlers still running stop after their
	 * current message.
	 */
	private volatile boolean abandoned;

	HandlerPool(int threads, int queueCapacity, PubSubMetrics metrics) {
		this.queueCapacity = queueCapacity;
		this.metrics = metrics;
		this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				// Holds at most one drain task per subscription: the messages wait in the
				// subscriptions' queues.
				new LinkedBlockingQueue<>(),
				// Daemons, so that a service never closed does not keep the JVM alive.
				DaemonThreads.numbered("earnbase-pubsub-" + services.incrementAndGet() + "-"));
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
	 * Counts rejected messages of a subscription, and warns when the last warning is an
	 * interval old.
	 * @param name the subscription's channel or pattern, as the application names it
	 * @param count how many messages
	 */
	void rejected(String name, long count) {
		if (count <= 0) {
			return;
		}
		this.metrics.increment(PubSubMetrics.RECEIVED, PubSubMetrics.REJECTED, name, count);
		long rejected = this.rejectedLog.occurred(count);
		if (rejected > 0) {
			logger.atWarn()
				.addKeyValue("operation", "pubsub.receive")
				.addKeyValue("outcome", PubSubMetrics.REJECTED)
				.addKeyValue("rejected", rejected)
				.addKeyValue("capacity", this.queueCapacity)
				.log("Message handlers are behind and their queue is full; messages were dropped");
		}
	}

	/**
	 * Lets the handlers finish the queued messages for at most the timeout; after it,
	 * running handlers are interrupted and stop after their current message.
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
		long rejectedUnlogged = this.rejectedLog.drain();
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

}
