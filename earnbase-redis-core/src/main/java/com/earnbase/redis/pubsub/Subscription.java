package com.earnbase.redis.pubsub;

/** A subscription made by {@link PubSubService}; closing it unsubscribes. */
public interface Subscription extends AutoCloseable {

	/**
	 * Unsubscribes: no handler call of this subscription starts after this returns, and
	 * messages still queued for it are discarded. Closing twice does nothing.
	 */
	@Override
	void close();

	/**
	 * Whether messages are still delivered to this subscription.
	 * @return false once closed, or once its service is closed
	 */
	boolean isActive();

}
