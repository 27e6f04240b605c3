package com.earnbase.redis.lock;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.support.Failures;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes lock waiters when a holder publishes its release. All waiters of a service share one listener on the client's
 * pub/sub connection; a channel is subscribed only while at least one waiter waits on it (reference counted).
 * <p>
 * Nothing here makes a waiter wait for Redis: the pub/sub connection is opened on a background thread, and until a
 * subscription is confirmed its waiters simply poll. SUBSCRIBE and UNSUBSCRIBE are issued (never awaited) under
 * {@link #lock} so that they reach Redis in the order the waiter counts changed.
 */
final class ReleaseNotifier extends RedisPubSubAdapter<String, String> {

	private static final Logger logger = LoggerFactory.getLogger(ReleaseNotifier.class);

	/** Opens the pub/sub connection off the waiting threads; used at most once per connection attempt. */
	private static final Executor CONNECTOR = (task) -> {
		Thread thread = new Thread(task, "earnbase-lock-pubsub-connect");
		thread.setDaemon(true);
		thread.start();
	};

	private final LettuceRedisClient client;

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<String, Channel> channels = new ConcurrentHashMap<>();

	/** The pub/sub connection with this listener added; guarded by {@link #lock}, replaced after a failure. */
	private CompletableFuture<StatefulRedisPubSubConnection<String, String>> connection;

	private boolean closed;

	ReleaseNotifier(LettuceRedisClient client) {
		this.client = client;
	}

	/**
	 * Registers a waiter for the release of one lock, subscribing its channel if no one else waits on it.
	 * @param channel the lock's release channel, prefix included
	 * @return the waiter; {@link #unregister} it when done
	 */
	Waiter register(String channel) {
		this.lock.lock();
		try {
			if (this.closed) {
				return new Waiter(channel, CompletableFuture.failedFuture(new IllegalStateException("closed")));
			}
			if (this.connection == null || this.connection.isCompletedExceptionally()) {
				this.connection = connect();
			}
			Channel entry = this.channels.get(channel);
			if (entry == null) {
				Channel created = new Channel();
				this.channels.put(channel, created);
				created.subscribed = this.connection.thenCompose((pubSub) -> subscribe(pubSub, channel, created));
				created.subscribed.whenComplete((ignored, error) -> {
					if (error != null) {
						logger.atWarn()
							.addKeyValue("operation", "lock.subscribe")
							.addKeyValue("outcome", "error")
							.log("No release notifications; lock waiters poll: {}", Failures.rootMessage(error));
					}
				});
				entry = created;
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

	/**
	 * Whether waiters wait on a channel whose subscription Redis has confirmed, i.e. a release now wakes them.
	 * @param channel the channel
	 * @return true when notified waiters exist
	 */
	boolean isSubscribed(String channel) {
		Channel entry = this.channels.get(channel);
		CompletableFuture<Void> subscribed = (entry != null) ? entry.subscribed : null;
		return subscribed != null && subscribed.isDone() && !subscribed.isCompletedExceptionally();
	}

	/** Unsubscribes every channel and removes the listener; waiters still waiting go on by polling. */
	void close() {
		this.lock.lock();
		try {
			this.closed = true;
			this.channels.keySet().forEach(this::unsubscribe);
			this.channels.clear();
			if (this.connection != null) {
				this.connection.thenAccept((pubSub) -> pubSub.removeListener(this));
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private CompletableFuture<StatefulRedisPubSubConnection<String, String>> connect() {
		return CompletableFuture.supplyAsync(() -> {
			StatefulRedisPubSubConnection<String, String> pubSub = this.client.pubSubConnection();
			pubSub.addListener(this);
			return pubSub;
		}, CONNECTOR);
	}

	/** Subscribes once the connection is open, unless every waiter of the channel has gone meanwhile. */
	private CompletableFuture<Void> subscribe(StatefulRedisPubSubConnection<String, String> pubSub, String channel,
			Channel entry) {
		this.lock.lock();
		try {
			if (this.channels.get(channel) != entry) {
				return CompletableFuture.completedFuture(null);
			}
			return pubSub.async().subscribe(channel).toCompletableFuture();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Unsubscribes when the connection is open; otherwise {@link #subscribe} will find the channel unwanted. */
	private void unsubscribe(String channel) {
		if (this.connection == null || !this.connection.isDone() || this.connection.isCompletedExceptionally()) {
			return;
		}
		this.connection.join().async().unsubscribe(channel).whenComplete((ignored, error) -> {
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

		/** Completes when Redis confirmed the subscription; set once under the notifier's lock. */
		private volatile CompletableFuture<Void> subscribed;

		private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();

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
		 * Pauses before the next attempt: until a release is announced, or until the subscription is confirmed (so
		 * that after the next attempt a release is sure to wake us), or until the time is up.
		 * @param nanos the longest pause
		 * @throws InterruptedException when interrupted
		 */
		void await(long nanos) throws InterruptedException {
			if (!this.subscribed.isDone()) {
				try {
					this.subscribed.get(nanos, TimeUnit.NANOSECONDS);
				}
				catch (ExecutionException | TimeoutException ex) {
					// Failures were logged by the notifier; without notifications the caller polls.
				}
				return;
			}
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
