package com.earnbase.redis.support;

import java.util.concurrent.CompletableFuture;

/**
 * The one owner of a client's dedicated pub/sub connection, shared by every primitive
 * that listens: one Lettuce listener dispatching by channel, shard channel or pattern,
 * reference-counted subscriptions, and resubscription after a reconnect. Internal: for
 * the library's primitives, not an application API.
 * <p>
 * Rules the hub keeps: SUBSCRIBE and UNSUBSCRIBE of one name reach Redis in the order of
 * the calls that caused them; the connection is opened off the caller's thread; after a
 * reconnect every confirmed name is subscribed again and, once Redis confirmed them all,
 * the {@link #onResubscribed(Runnable)} callbacks run; closing the client closes the hub,
 * which closes the connection and with it every subscription in Redis.
 */
public interface ChannelHub {

	/**
	 * Registers a listener for a channel, shard channel or pattern, subscribing it in
	 * Redis when it is the first listener of that name. Returns at once: the connection
	 * is opened and the name subscribed in the background.
	 * @param kind how the name is subscribed
	 * @param name the Redis name, prefix included
	 * @param listener the listener; called on Lettuce's I/O thread, so it must not block
	 * @return the registration; close it to stop listening
	 * @throws IllegalStateException when the hub is closed
	 */
	Registration subscribe(Kind kind, String name, MessageListener listener);

	/**
	 * Adds a callback run after a reconnect, once Redis confirmed every subscription
	 * again. Callbacks run on a thread of the hub, never on Lettuce's I/O thread.
	 * @param callback the callback
	 * @return a handle; close it to remove the callback
	 */
	Registration onResubscribed(Runnable callback);

	/** How a name is subscribed in Redis. */
	enum Kind {

		/** SUBSCRIBE to a channel. */
		CHANNEL("subscribe", "unsubscribe"),

		/** SSUBSCRIBE to a shard channel (Redis 7 Cluster). */
		SHARD_CHANNEL("ssubscribe", "sunsubscribe"),

		/** PSUBSCRIBE to a glob pattern. */
		PATTERN("psubscribe", "punsubscribe");

		private final String subscribeCommand;

		private final String unsubscribeCommand;

		Kind(String subscribeCommand, String unsubscribeCommand) {
			this.subscribeCommand = subscribeCommand;
			this.unsubscribeCommand = unsubscribeCommand;
		}

		/**
		 * The subscribe command in lower case, for operation names in logs and errors.
		 * @return e.g. {@code ssubscribe}
		 */
		public String subscribeCommand() {
			return this.subscribeCommand;
		}

		/**
		 * The unsubscribe command in lower case, for operation names in logs and errors.
		 * @return e.g. {@code sunsubscribe}
		 */
		public String unsubscribeCommand() {
			return this.unsubscribeCommand;
		}

	}

	/** Receives the messages of one registration. */
	@FunctionalInterface
	interface MessageListener {

		/**
		 * Called for each message on the registered name, on Lettuce's I/O thread: must
		 * not block.
		 * @param channel the channel the message was published on (for a pattern: the
		 * matching channel)
		 * @param message the message
		 */
		void onMessage(String channel, String message);

	}

	/**
	 * A listener's hold on a name, or on a resubscription callback (whose futures are
	 * complete at once).
	 */
	interface Registration extends AutoCloseable {

		/**
		 * Completes when Redis confirmed the subscription; completes exceptionally when
		 * it could not be made.
		 * @return the confirmation
		 */
		CompletableFuture<Void> confirmed();

		/**
		 * Completes once every message Redis sent on the name before this call has
		 * reached the listener: the name is subscribed once more, and Redis confirms that
		 * after the messages it sent before. Before the first confirmation it completes
		 * with {@link #confirmed()}; after {@link #close()}, at once. Used to drain
		 * before closing.
		 * @return the completion
		 */
		CompletableFuture<Void> flush();

		/**
		 * Stops listening; the last registration of a name unsubscribes it in Redis.
		 * Idempotent.
		 * @return completes once Redis confirmed the unsubscribe this caused, or at once
		 * when it caused none
		 */
		CompletableFuture<Void> closeAsync();

		/** Stops listening like {@link #closeAsync()}, without waiting for Redis. */
		@Override
		default void close() {
			closeAsync();
		}

	}

}
