package com.earnbase.redis.pubsub;

import java.time.Duration;

import com.earnbase.redis.support.Arguments;

/**
 * Settings of a {@link RedisPubSubService}; start from {@link #defaults()} and change
 * what differs.
 *
 * @param namespace the channel namespace under the client's prefix
 * @param handlerThreads the threads that run message handlers
 * @param handlerQueueCapacity the messages that may wait for a handler thread, across all
 * subscriptions; further messages are rejected (counted and logged) until the handlers
 * catch up
 * @param shutdownTimeout how long closing waits for queued messages to be handled
 * @param sharded whether to use sharded pub/sub (SPUBLISH/SSUBSCRIBE); needs a Redis
 * Cluster client
 * @param tagChannels whether the message counters carry a {@code channel} tag (watch the
 * cardinality)
 */
public record PubSubOptions(String namespace, int handlerThreads, int handlerQueueCapacity, Duration shutdownTimeout,
		boolean sharded, boolean tagChannels) {

	/** The default channel namespace. */
	public static final String DEFAULT_NAMESPACE = "channel";

	/** The default number of handler threads. */
	public static final int DEFAULT_HANDLER_THREADS = 4;

	/** The default number of messages that may wait for a handler thread. */
	public static final int DEFAULT_HANDLER_QUEUE_CAPACITY = 10_000;

	/** The default shutdown timeout. */
	public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

	/** Checks every setting. */
	public PubSubOptions {
		Arguments.requireText("namespace", namespace);
		Arguments.requirePositive("handlerThreads", handlerThreads);
		Arguments.requirePositive("handlerQueueCapacity", handlerQueueCapacity);
		Arguments.requirePositive("shutdownTimeout", shutdownTimeout);
	}

	/**
	 * Namespace {@code channel}, 4 handler threads, 10,000 queued messages, 5 s shutdown
	 * timeout, classic pub/sub, no channel tag.
	 * @return the defaults
	 */
	public static PubSubOptions defaults() {
		return new PubSubOptions(DEFAULT_NAMESPACE, DEFAULT_HANDLER_THREADS, DEFAULT_HANDLER_QUEUE_CAPACITY,
				DEFAULT_SHUTDOWN_TIMEOUT, false, false);
	}

	/**
	 * A copy with another namespace.
	 * @param namespace the channel namespace under the client's prefix
	 * @return the copy
	 */
	public PubSubOptions withNamespace(String namespace) {
		return new PubSubOptions(namespace, this.handlerThreads, this.handlerQueueCapacity, this.shutdownTimeout,
				this.sharded, this.tagChannels);
	}

	/**
	 * A copy with another number of handler threads.
	 * @param handlerThreads the threads that run message handlers
	 * @return the copy
	 */
	public PubSubOptions withHandlerThreads(int handlerThreads) {
		return new PubSubOptions(this.namespace, handlerThreads, this.handlerQueueCapacity, this.shutdownTimeout,
				this.sharded, this.tagChannels);
	}

	/**
	 * A copy with another queue capacity.
	 * @param handlerQueueCapacity the messages that may wait for a handler thread
	 * @return the copy
	 */
	public PubSubOptions withHandlerQueueCapacity(int handlerQueueCapacity) {
		return new PubSubOptions(this.namespace, this.handlerThreads, handlerQueueCapacity, this.shutdownTimeout,
				this.sharded, this.tagChannels);
	}

	/**
	 * A copy with another shutdown timeout.
	 * @param shutdownTimeout how long closing waits for queued messages to be handled
	 * @return the copy
	 */
	public PubSubOptions withShutdownTimeout(Duration shutdownTimeout) {
		return new PubSubOptions(this.namespace, this.handlerThreads, this.handlerQueueCapacity, shutdownTimeout,
				this.sharded, this.tagChannels);
	}

	/**
	 * A copy with sharded pub/sub switched on or off.
	 * @param sharded whether to use SPUBLISH/SSUBSCRIBE (Redis Cluster only)
	 * @return the copy
	 */
	public PubSubOptions withSharded(boolean sharded) {
		return new PubSubOptions(this.namespace, this.handlerThreads, this.handlerQueueCapacity, this.shutdownTimeout,
				sharded, this.tagChannels);
	}

	/**
	 * A copy with the channel tag switched on or off.
	 * @param tagChannels whether the message counters carry a {@code channel} tag
	 * @return the copy
	 */
	public PubSubOptions withTagChannels(boolean tagChannels) {
		return new PubSubOptions(this.namespace, this.handlerThreads, this.handlerQueueCapacity, this.shutdownTimeout,
				this.sharded, tagChannels);
	}

}
