package com.earnbase.redis.lock;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import com.earnbase.redis.EarnbaseRedisException;
import com.earnbase.redis.LettuceRedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes lock waiters when a holder publishes its release. All waiters of a service share one listener on the client's
 * pub/sub connection; a channel is subscribed only while at least one waiter waits on it (reference counted).
 * <p>
 * SUBSCRIBE and UNSUBSCRIBE are issued (never awaited) under {@link #lock} so that they reach Redis in the order the
 * waiter counts changed; nothing waits for Redis while holding it.
 */
final class ReleaseNotifier extends RedisPubSubAdapter<String, String> {

	private static final Logger logger = LoggerFactory.getLogger(ReleaseNotifier.class);

	private final LettuceRedisClient client;

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<String, Channel> channels = new ConcurrentHashMap<>();

	/** The connection this listener was added to; guarded by {@link #lock}. */
	private StatefulRedisPubSubConnection<String, String> connection;

	private boolean closed;

	ReleaseNotifier(LettuceRedisClient client) {
		this.client = client;
	}

	/**
	 * Registers a waiter for the release of one lock and subscribes its channel if no one else waits on it.
	 * @param channel the lock's release channel, prefix included
	 * @return the waiter; {@link #unregister} it when done
	 */
	Waiter register(String channel) {
		StatefulRedisPubSubConnection<String, String> pubSub;
		try {
			// Opened outside the lock: the first call connects.
			pubSub = this.client.pubSubConnection();
		}
		catch (EarnbaseRedisException ex) {
			logger.atWarn()
				.addKeyValue("operation", "lock.subscribe")
				.addKeyValue("outcome", "error")
				.log("No release notifications, waiting by polling: {}", ex.getMessage());
			return new Waiter(channel, CompletableFuture.failedFuture(ex));
		}
		this.lock.lock();
		try {
			if (this.closed) {
				return new Waiter(channel, CompletableFuture.failedFuture(new IllegalStateException("closed")));
			}
			if (this.connection == null) {
				pubSub.addListener(this);
				this.connection = pubSub;
			}
			Channel entry = this.channels.get(channel);
			if (entry == null) {
				entry = new Channel(pubSub.async().subscribe(channel).toCompletableFuture());
				this.channels.put(channel, entry);
			}
			Waiter waiter = new Waiter(channel, entry.subscribed);
			entry.waiters.add(waiter);
			return waiter;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Removes a waiter and unsubscribes its channel when it was the last one.
	 * @param waiter the waiter
	 */
	void unregister(Waiter waiter) {
		this.lock.lock();
		try {
			Channel entry = this.channels.get(waiter.channel);
			if (entry != null && entry.waiters.remove(waiter) && entry.waiters.isEmpty()) {
				this.channels.remove(waiter.channel);
				unsubscribe(waiter.channel);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Unsubscribes every channel and removes the listener; waiters still waiting go on by polling. */
	void close() {
		this.lock.lock();
		try {
			this.closed = true;
			if (this.connection != null) {
				this.channels.keySet().forEach(this::unsubscribe);
				this.connection.removeListener(this);
			}
			this.channels.clear();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void unsubscribe(String channel) {
		this.connection.async().unsubscribe(channel).whenComplete((ignored, error) -> {
			if (error != null) {
				logger.atDebug()
					.addKeyValue("operation", "lock.unsubscribe")
					.addKeyValue("outcome", "error")
					.addKeyValue("channel", channel)
					.log("Unsubscribe failed; Redis drops the subscription with the connection: {}",
							error.getMessage());
			}
		});
	}

	@Override
	public void message(String channel, String message) {
		Channel entry = this.channels.get(channel);
		if (entry != null) {
			entry.waiters.forEach(Waiter::wake);
		}
	}

	/** The waiters of one channel and its subscription. */
	private static final class Channel {

		private final CompletableFuture<Void> subscribed;

		private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();

		Channel(CompletableFuture<Void> subscribed) {
			this.subscribed = subscribed;
		}

	}

	/** One thread waiting for a lock: woken by a release notification or after its pause. */
	static final class Waiter {

		private final String channel;

		private final CompletableFuture<Void> subscribed;

		/** A permit stays available when a release arrives between an attempt and the pause, so none is lost. */
		private final Semaphore released = new Semaphore(0);

		Waiter(String channel, CompletableFuture<Void> subscribed) {
			this.channel = channel;
			this.subscribed = subscribed;
		}

		/**
		 * Waits until Redis confirmed the subscription, so that a release from now on wakes this waiter.
		 * @param nanos the longest wait; without confirmation the waiter relies on polling
		 * @throws InterruptedException when interrupted
		 */
		void awaitSubscribed(long nanos) throws InterruptedException {
			try {
				this.subscribed.get(nanos, TimeUnit.NANOSECONDS);
			}
			catch (ExecutionException ex) {
				logger.atWarn()
					.addKeyValue("operation", "lock.subscribe")
					.addKeyValue("outcome", "error")
					.log("No release notifications, waiting by polling: {}", ex.getCause().getMessage());
			}
			catch (TimeoutException ex) {
				logger.atDebug()
					.addKeyValue("operation", "lock.subscribe")
					.addKeyValue("outcome", "timeout")
					.log("Subscription not confirmed yet; polling until it is");
			}
		}

		/**
		 * Pauses until a release is announced or the time is up.
		 * @param nanos the longest pause
		 * @throws InterruptedException when interrupted
		 */
		void await(long nanos) throws InterruptedException {
			if (this.released.tryAcquire(nanos, TimeUnit.NANOSECONDS)) {
				// Several releases while we attempted need only one more attempt.
				this.released.drainPermits();
			}
		}

		private void wake() {
			this.released.release();
		}

	}

}
