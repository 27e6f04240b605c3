package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.pubsub.PubSubService;

import org.springframework.context.ApplicationEvent;

/**
 * Published after the pub/sub connection came back and every subscription is confirmed
 * again. Redis pub/sub is at most once: messages published while the connection was down
 * were not delivered, so listeners may want to reload what those messages would have told
 * them (e.g. clear a local cache).
 */
public class RedisPubSubResubscribedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the event.
	 * @param service the service whose subscriptions were restored
	 */
	public RedisPubSubResubscribedEvent(PubSubService service) {
		super(service);
	}

	/**
	 * The service whose subscriptions were restored.
	 * @return the service
	 */
	public PubSubService getService() {
		return (PubSubService) getSource();
	}

}
