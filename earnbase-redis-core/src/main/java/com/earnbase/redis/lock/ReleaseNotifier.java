package com.earnbase.redis.lock;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.earnbase.redis.support.ChannelHub;
import com.earnbase.redis.support.PrimitiveSupport;

/**
 * Wakes lock waiters when a holder publishes its release. Each waiter registers on the
 * client's {@link ChannelHub}, which subscribes a channel while at least one waiter waits
 * on it.
 * <p>
 * Nothing here makes a waiter wait for Redis: the hub subscribes in the background, and
 * until it is confirmed the waiters of a channel simply poll.
 */
final class ReleaseNotifier {

	private final ChannelHub hub;

	private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();

	private volatile boolean closed;

	ReleaseNotifier(PrimitiveSupport client) {
		this.hub = client.channels();
	}

	/**
	 * Registers a waiter for the release of one lock.
	 * @param channel the lock's release channel, prefix included
	 * @return the waiter; {@link #unregister} it when done
	 */
	Waiter register(String channel) {
		Waiter waiter = new Waiter(channel);
		if (this.closed) {
			return waiter;
		}
		this.waiters.computeIfAbsent(channel, (key) -> ConcurrentHashMap.newKeySet()).add(waiter);
		try {
			waiter.registration = this.hub.subscribe(ChannelHub.Kind.CHANNEL, channel,
					(name, message) -> waiter.wake());
		}
		catch (IllegalStateException ex) {
			unregister(waiter); // the client is closed: the waiter polls until its
								// attempts fail
		}
		return waiter;
	}

	/**
	 * Removes a waiter; the hub unsubscribes its channel when it was the last one.
	 * @param waiter the waiter
	 */
	void unregister(Waiter waiter) {
		this.waiters.computeIfPresent(waiter.channel, (key, set) -> (set.remove(waiter) && set.isEmpty()) ? null : set);
		if (waiter.registration != null) {
			waiter.registration.close();
		}
	}

	/**
	 * Whether waiters wait on a channel whose subscription Redis has confirmed, i.e. a
	 * release now wakes them.
	 * @param channel the channel
	 * @return true when notified waiters exist
	 */
	boolean isSubscribed(String channel) {
		Set<Waiter> set = this.waiters.get(channel);
		return set != null && set.stream().anyMatch(Waiter::isNotified);
	}

	/** Unregisters every waiter; waiters still waiting go on by polling. */
	void close() {
		this.closed = true;
		this.waiters.values().forEach((set) -> set.forEach(this::unregister));
	}

	/**
	 * One thread waiting for a lock: woken by a release notification or after its pause.
	 */
	static final class Waiter {

		private final String channel;

		/**
		 * A permit stays available when a release arrives between an attempt and the
		 * pause, so none is lost.
		 */
		private final Semaphore released = new Semaphore(0);

		private volatile ChannelHub.Registration registration;

		Waiter(String channel) {
			this.channel = channel;
		}

		/**
		 * Pauses before the next attempt: until a release is announced, or until the
		 * subscription is confirmed (so that after the next attempt a release is sure to
		 * wake us), or until the time is up.
		 * @param nanos the longest pause
		 * @throws InterruptedException when interrupted
		 */
		void await(long nanos) throws InterruptedException {
			CompletableFuture<Void> subscribed = confirmation();
			if (subscribed != null && !subscribed.isDone()) {
				try {
					subscribed.get(nanos, TimeUnit.NANOSECONDS);
				}
				catch (ExecutionException | TimeoutException ex) {
					// The hub logged a failure; without notifications the caller polls.
				}
				return;
			}
			if (this.released.tryAcquire(nanos, TimeUnit.NANOSECONDS)) {
				// Several releases while we attempted need only one more attempt.
				this.released.drainPermits();
			}
		}

		private boolean isNotified() {
			CompletableFuture<Void> subscribed = confirmation();
			return subscribed != null && subscribed.isDone() && !subscribed.isCompletedExceptionally();
		}

		/**
		 * The subscription's confirmation, or null when the waiter has none (the client
		 * or service is closed).
		 */
		private CompletableFuture<Void> confirmation() {
			ChannelHub.Registration current = this.registration;
			return (current != null) ? current.confirmed() : null;
		}

		private void wake() {
			this.released.release();
		}

	}

}
