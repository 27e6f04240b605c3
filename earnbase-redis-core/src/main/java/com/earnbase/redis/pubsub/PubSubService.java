package com.earnbase.redis.pubsub;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Publishes JSON messages to channels and delivers them to subscribers by push. Channels
 * are prefixed like keys ({@code <prefix>:<namespace>:<channel>}, e.g.
 * {@code myapp:channel:notifications}), so applications with different prefixes on one
 * Redis do not hear each other.
 * <p>
 * Delivery is at most once, as Redis pub/sub is: a message published while a subscriber
 * is disconnected is lost for it. Subscriptions are restored after a reconnect and
 * {@link #onResubscribed(Runnable)} listeners are told, so that the application can catch
 * up on what it may have missed.
 */
public interface PubSubService {

	/**
	 * Publishes a message as JSON.
	 * @param channel the channel, without prefix or namespace
	 * @param message the message, written with the client's JSON mapper
	 * @return the number of subscribed connections that received it (on a cluster: of the
	 * node that took it)
	 */
	long publish(String channel, Object message);

	/**
	 * Subscribes to one channel; the name is taken literally, glob characters included.
	 * Returns once Redis has confirmed the subscription, so a message published after
	 * this call is received.
	 * @param <T> the message type
	 * @param channel the channel, without prefix or namespace
	 * @param type the class each message is read as
	 * @param handler called with each message, on a handler thread, one message of this
	 * subscription at a time
	 * @return the subscription; close it to unsubscribe
	 */
	<T> Subscription subscribe(String channel, Class<T> type, Consumer<T> handler);

	/**
	 * Subscribes to every channel of this application matching a glob-style pattern
	 * ({@code *}, {@code ?}, {@code [abc]}); the pattern cannot match channels outside
	 * this application's prefix and namespace. Returns once Redis has confirmed the
	 * subscription.
	 * @param <T> the message type
	 * @param pattern the pattern, without prefix or namespace
	 * @param type the class each message is read as
	 * @param handler called with the channel (without prefix or namespace) and the
	 * message, on a handler thread, one message of this subscription at a time
	 * @return the subscription; close it to unsubscribe
	 */
	<T> Subscription psubscribe(String pattern, Class<T> type, BiConsumer<String, T> handler);

	/**
	 * Registers a listener called after the connection was lost and every subscription is
	 * confirmed again: messages published in between were not delivered.
	 * @param listener called on a handler thread after each resubscription
	 */
	void onResubscribed(Runnable listener);

}
