package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.util.Map;

import com.earnbase.redis.pubsub.PubSubOptions;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Configuration of pub/sub, under {@code earnbase.redis.pubsub}. */
@ConfigurationProperties(EarnbaseRedisPubSubProperties.PREFIX)
public class EarnbaseRedisPubSubProperties implements InitializingBean {

	/** The prefix of the pub/sub properties. */
	public static final String PREFIX = EarnbaseRedisProperties.PREFIX + ".pubsub";

	/** Whether to create the PubSubService bean. */
	private boolean enabled = true;

	/** Channel namespace under the client's prefix. */
	private String namespace = PubSubOptions.DEFAULT_NAMESPACE;

	/** Threads that run message handlers. */
	private int handlerThreads = PubSubOptions.DEFAULT_HANDLER_THREADS;

	/**
	 * Messages that may wait for a handler thread, all subscriptions together; further
	 * ones are dropped, counted and logged.
	 */
	private int handlerQueueCapacity = PubSubOptions.DEFAULT_HANDLER_QUEUE_CAPACITY;

	/**
	 * How long closing the context waits for queued messages to be handled; the rest are
	 * discarded.
	 */
	private Duration shutdownTimeout = PubSubOptions.DEFAULT_SHUTDOWN_TIMEOUT;

	/**
	 * Use sharded pub/sub (SPUBLISH/SSUBSCRIBE, no pattern subscriptions); needs a Redis
	 * Cluster, start-up fails otherwise.
	 */
	private boolean sharded;

	/** Whether to tag the message counters by channel (watch the cardinality). */
	private boolean tagChannels;

	@Override
	public void afterPropertiesSet() {
		toOptions();
	}

	/**
	 * The pub/sub service's options.
	 * @return the options
	 * @throws InvalidRedisPropertyException naming the first invalid property
	 */
	public PubSubOptions toOptions() {
		return PropertyOptions.build(PREFIX, this, () -> new PubSubOptions(this.namespace, this.handlerThreads,
				this.handlerQueueCapacity, this.shutdownTimeout, this.sharded, this.tagChannels), Map.of());
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public int getHandlerThreads() {
		return this.handlerThreads;
	}

	public void setHandlerThreads(int handlerThreads) {
		this.handlerThreads = handlerThreads;
	}

	public int getHandlerQueueCapacity() {
		return this.handlerQueueCapacity;
	}

	public void setHandlerQueueCapacity(int handlerQueueCapacity) {
		this.handlerQueueCapacity = handlerQueueCapacity;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public boolean isSharded() {
		return this.sharded;
	}

	public void setSharded(boolean sharded) {
		this.sharded = sharded;
	}

	public boolean isTagChannels() {
		return this.tagChannels;
	}

	public void setTagChannels(boolean tagChannels) {
		this.tagChannels = tagChannels;
	}

}
