package com.earnbase.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import com.earnbase.redis.support.DaemonThreads;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * The pub/sub connection of a {@link LettuceChannelHub}, opened on the hub thread by the
 * first subscription with the hub's two listeners on it, and the hub thread itself.
 */
final class HubConnection {

	private static final AtomicInteger hubs = new AtomicInteger();

	private final Supplier<StatefulRedisPubSubConnection<String, String>> connector;

	private final RedisPubSubListener<String, String> messages;

	private final RedisConnectionStateListener reconnects;

	/**
	 * The hub thread: opens the connection and resubscribes after reconnects, off the
	 * callers and Lettuce.
	 */
	private final ThreadPoolExecutor executor;

	private final ReentrantLock connectLock = new ReentrantLock();

	/**
	 * The open or opening connection; guarded by {@link #connectLock}, replaced after a
	 * failed attempt.
	 */
	private CompletableFuture<StatefulRedisPubSubConnection<String, String>> connecting;

	private volatile StatefulRedisPubSubConnection<String, String> connection;

	private volatile boolean closed;

	/**
	 * Creates the hub thread's executor; nothing is opened until {@link #connecting()}.
	 * @param connector opens the pub/sub connection; called on the hub thread
	 * @param messages the hub's message listener
	 * @param reconnects the hub's connection-state listener
	 */
	HubConnection(Supplier<StatefulRedisPubSubConnection<String, String>> connector,
			RedisPubSubListener<String, String> messages, RedisConnectionStateListener reconnects) {
		this.connector = connector;
		this.messages = messages;
		this.reconnects = reconnects;
		this.executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				DaemonThreads.named("earnbase-pubsub-hub-" + hubs.incrementAndGet()));
		this.executor.allowCoreThreadTimeOut(true);
	}

	/**
	 * The open or opening connection, starting to open it on the hub thread when none is
	 * or the last attempt failed.
	 * @return completes with the open connection
	 * @throws IllegalStateException when the hub is closed
	 */
	CompletableFuture<StatefulRedisPubSubConnection<String, String>> connecting() {
		this.connectLock.lock();
		try {
			ensureOpen();
			if (this.connecting == null || this.connecting.isCompletedExceptionally()) {
				this.connecting = CompletableFuture.supplyAsync(this::open, this.executor);
			}
			return this.connecting;
		}
		finally {
			this.connectLock.unlock();
		}
	}

	private StatefulRedisPubSubConnection<String, String> open() {
		StatefulRedisPubSubConnection<String, String> opened = this.connector.get();
		this.connectLock.lock();
		try {
			if (this.closed) {
				opened.close();
				throw new IllegalStateException("RedisClient was closed while its pub/sub connection opened");
			}
			opened.addListener(this.messages);
			opened.addListener(this.reconnects);
			this.connection = opened;
			return opened;
		}
		finally {
			this.connectLock.unlock();
		}
	}

	/**
	 * The connection once opened, even after {@link #close}.
	 * @return the connection, or {@code null} before it opened
	 */
	StatefulRedisPubSubConnection<String, String> current() {
		return this.connection;
	}

	boolean isClosed() {
		return this.closed;
	}

	void ensureOpen() {
		if (this.closed) {
			throw new IllegalStateException("RedisClient is closed");
		}
	}

	/**
	 * Runs a task on the hub thread.
	 * @param task the task
	 * @return {@code false} when the hub is closed and the task will not run
	 */
	boolean execute(Runnable task) {
		try {
			this.executor.execute(task);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	/**
	 * Marks the hub closed, runs {@code drop}, then closes the connection, which ends its
	 * subscriptions in Redis, and stops the hub thread; does nothing when already closed.
	 * @param drop drops the hub's registrations
	 */
	void close(Runnable drop) {
		StatefulRedisPubSubConnection<String, String> current;
		this.connectLock.lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			current = this.connection;
		}
		finally {
			this.connectLock.unlock();
		}
		drop.run();
		if (current != null) {
			current.removeListener(this.messages);
			current.removeListener(this.reconnects);
			current.close();
		}
		this.executor.shutdownNow();
	}

}
