package com.earnbase.redis.pubsub;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import com.earnbase.redis.JsonType;
import com.earnbase.redis.json.JsonException;
import com.earnbase.redis.support.ChannelHub;
import com.earnbase.redis.support.PrimitiveSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription with its own queue, drained on the {@link HandlerPool} by one thread at
 * a time, so that its messages are decoded and handled in order and a slow handler holds
 * up only its own subscription.
 *
 * @param <T> the message type
 */
final class HandlerSubscription<T> implements Subscription {

	private static final Logger logger = LoggerFactory.getLogger(RedisPubSubService.class);

	/**
	 * Messages one subscription handles before its thread goes to the next queued
	 * subscription.
	 */
	private static final int BATCH = 64;

	private final String name;

	private final JsonType<T> type;

	private final BiConsumer<String, T> handler;

	private final PrimitiveSupport client;

	private final HandlerPool pool;

	private final PubSubMetrics metrics;

	private final Set<HandlerSubscription<?>> open;

	private final ConcurrentLinkedQueue<Delivery> queue = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final AtomicBoolean cancelled = new AtomicBoolean();

	private volatile ChannelHub.Registration registration;

	private volatile String unsubscribeCommand;

	/**
	 * Creates the subscription; {@link #listenOn} connects it to the hub.
	 * @param name the channel or pattern as the application names it, for metrics
	 * @param type the message type
	 * @param handler the handler, given the channel as it came from Redis and the message
	 * @param client the client, for its JSON mapper and its wait for Redis
	 * @param pool the handler threads
	 * @param metrics the counters
	 * @param open the service's open subscriptions: this one joins them in
	 * {@link #listenOn} and leaves on close
	 */
	HandlerSubscription(String name, JsonType<T> type, BiConsumer<String, T> handler, PrimitiveSupport client,
			HandlerPool pool, PubSubMetrics metrics, Set<HandlerSubscription<?>> open) {
		this.name = name;
		this.type = type;
		this.handler = handler;
		this.client = client;
		this.pool = pool;
		this.metrics = metrics;
		this.open = open;
	}

	/** The channel or pattern as the application names it. */
	String name() {
		return this.name;
	}

	/**
	 * Registers on the hub under the Redis name; the caller awaits the registration's
	 * confirmation.
	 */
	ChannelHub.Registration listenOn(ChannelHub hub, ChannelHub.Kind kind, String redisName) {
		this.unsubscribeCommand = kind.unsubscribeCommand();
		this.registration = hub.subscribe(kind, redisName, this::offer);
		this.open.add(this);
		return this.registration;
	}

	/** Queues a message; called on the I/O thread, which must not block. */
	private void offer(String channel, String payload) {
		if (this.cancelled.get()) {
			return;
		}
		if (!this.pool.reserve()) {
			this.pool.rejected(this.name, 1);
			return;
		}
		this.queue.add(new Delivery(channel, payload));
		schedule();
	}

	private void schedule() {
		if (!this.scheduled.compareAndSet(false, true)) {
			return;
		}
		try {
			this.pool.execute(this::drain);
		}
		catch (RejectedExecutionException ex) {
			this.scheduled.set(false);
			this.pool.rejected(this.name, discardQueued());
		}
	}

	private void drain() {
		try {
			for (int i = 0; i < BATCH && !this.pool.isAbandoned(); i++) {
				Delivery delivery = this.queue.poll();
				if (delivery == null) {
					break;
				}
				this.pool.release();
				if (!this.cancelled.get()) {
					deliver(delivery);
				}
			}
		}
		finally {
			this.scheduled.set(false);
			if (!this.queue.isEmpty()) {
				schedule();
			}
		}
	}

	private void deliver(Delivery delivery) {
		T message;
		try {
			message = this.client.json().codec().read(delivery.payload(), this.type);
		}
		catch (JsonException ex) {
			decodeError(delivery, ex.getMessage());
			return;
		}
		if (message == null) {
			decodeError(delivery, "the message is JSON null");
			return;
		}
		try {
			this.handler.accept(delivery.channel(), message);
			this.metrics.increment(PubSubMetrics.RECEIVED, PubSubMetrics.SUCCESS, this.name);
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (RuntimeException | Error ex) {
			this.metrics.increment(PubSubMetrics.RECEIVED, PubSubMetrics.HANDLER_ERROR, this.name);
			logger.atWarn()
				.addKeyValue("operation", "pubsub.receive")
				.addKeyValue("outcome", PubSubMetrics.HANDLER_ERROR)
				.addKeyValue("type", this.type.type().getTypeName())
				.setCause(ex)
				.log("A message handler failed; the subscription continues");
		}
	}

	private void decodeError(Delivery delivery, String error) {
		this.metrics.increment(PubSubMetrics.RECEIVED, PubSubMetrics.DECODE_ERROR, this.name);
		logger.atWarn()
			.addKeyValue("operation", "pubsub.receive")
			.addKeyValue("outcome", PubSubMetrics.DECODE_ERROR)
			.addKeyValue("type", this.type.type().getTypeName())
			.addKeyValue("error", error)
			.log("A message could not be read as its subscription's type and was not delivered");
		// The channel may carry user data, so it stays at DEBUG.
		logger.atDebug()
			.addKeyValue("operation", "pubsub.receive")
			.addKeyValue("channel", delivery.channel())
			.log("Undecodable message: {}", error);
	}

	/**
	 * Drops the queued messages, e.g. when the pool is gone.
	 * @return how many were dropped
	 */
	long discardQueued() {
		long discarded = 0;
		while (this.queue.poll() != null) {
			this.pool.release();
			discarded++;
		}
		return discarded;
	}

	/**
	 * Completes once the messages Redis sent this subscription so far are queued.
	 * @return the completion
	 */
	CompletableFuture<Void> flush() {
		return this.registration.flush();
	}

	/** Stops listening without dropping what is queued; the service's close drains it. */
	void stopListening() {
		this.registration.close();
	}

	/**
	 * Unsubscribes and waits for Redis to confirm when this was the last subscription of
	 * its name.
	 */
	@Override
	public void close() {
		if (!this.cancelled.compareAndSet(false, true)) {
			return;
		}
		this.open.remove(this);
		discardQueued();
		try {
			this.client.await(this.unsubscribeCommand, this.registration.closeAsync());
		}
		catch (RuntimeException ex) {
			logger.atWarn()
				.addKeyValue("operation", "pubsub." + this.unsubscribeCommand)
				.addKeyValue("outcome", "error")
				.log("Redis did not confirm the unsubscribe; messages it still sends are ignored: {}", ex.getMessage());
		}
	}

	@Override
	public boolean isActive() {
		return this.open.contains(this);
	}

	@Override
	public String toString() {
		return "Subscription[" + this.name + (isActive() ? ", active]" : ", closed]");
	}

	/** A message waiting for its handler. */
	private record Delivery(String channel, String payload) {
	}

}
