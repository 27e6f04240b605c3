package com.earnbase.redis.pubsub;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.earnbase.redis.JsonType;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.support.Arguments;
import com.earnbase.redis.support.ChannelHub;
import com.earnbase.redis.support.ChannelHub.Kind;
import com.earnbase.redis.support.Globs;
import com.earnbase.redis.support.PrimitiveSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PubSubService} on the client's {@link ChannelHub}, which owns its one
 * dedicated pub/sub connection.
 * <p>
 * Every subscription has its own queue, drained on a shared bounded pool of handler
 * threads one message at a time, so its messages are handled in order, never on Lettuce's
 * I/O threads, and a slow handler holds up only its own subscription. Several
 * subscriptions may share a channel: the hub subscribes Redis once and unsubscribes when
 * the last one closes.
 * <p>
 * When the queued messages of all subscriptions reach the queue capacity, further
 * messages are rejected: counted ({@code outcome=rejected}) and logged, never silently
 * dropped. Blocking instead would stall the Lettuce I/O thread, which other connections
 * share, and a handler waiting for Redis on such a thread would deadlock.
 * <p>
 * After a reconnect the hub subscribes again, waits for Redis to confirm and then this
 * service calls the {@link #onResubscribed(Runnable)} listeners on its handler threads.
 */
public final class RedisPubSubService implements PubSubService, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisPubSubService.class);

	private final PrimitiveSupport client;

	private final PubSubOptions options;

	private final String channelPrefix;

	private final String patternPrefix;

	private final Kind channelKind;

	private final PubSubMetrics metrics;

	private final HandlerPool pool;

	private final Set<HandlerSubscription<?>> subscriptions = ConcurrentHashMap.newKeySet();

	private final List<Runnable> resubscribedListeners = new CopyOnWriteArrayList<>();

	private final ChannelHub.Registration resubscribed;

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * Creates the service with the {@link PubSubOptions#defaults() default options}.
	 * @param client a client from {@link RedisClient#connect(String)} or
	 * {@link RedisClient#builder()}
	 * @throws IllegalArgumentException when the client was not built by this library
	 */
	public RedisPubSubService(RedisClient client) {
		this(client, PubSubOptions.defaults());
	}

	/**
	 * Creates the service; the client's pub/sub connection is opened by the first
	 * subscription.
	 * @param client a client from {@link RedisClient#connect(String)} or
	 * {@link RedisClient#builder()}
	 * @param options the settings
	 * @throws IllegalArgumentException when the client was not built by this library, or
	 * when sharded pub/sub is asked for on a client that is not a cluster's
	 */
	public RedisPubSubService(RedisClient client, PubSubOptions options) {
		this.client = PrimitiveSupport.of(client);
		this.options = Arguments.requireNonNull("options", options);
		if (options.sharded() && !this.client.isCluster()) {
			throw new IllegalArgumentException("sharded pub/sub (SPUBLISH/SSUBSCRIBE) needs a Redis Cluster client; "
					+ "standalone and Sentinel use classic pub/sub, so leave sharded off there");
		}
		this.channelPrefix = this.client.prefix() + options.namespace() + ":";
		this.patternPrefix = Globs.escape(this.channelPrefix);
		this.channelKind = options.sharded() ? Kind.SHARD_CHANNEL : Kind.CHANNEL;
		this.metrics = new PubSubMetrics(this.client.meterRegistry(), options.tagChannels());
		this.pool = new HandlerPool(options.handlerThreads(), options.handlerQueueCapacity(), this.metrics);
		this.resubscribed = this.client.channels().onResubscribed(this::notifyResubscribed);
	}

	@Override
	public long publish(String channel, Object message) {
		String redisChannel = redisChannel(channel);
		Arguments.requireNonNull("message", message);
		ensureOpen();
		String json = this.client.checkValue(this.client.json().write("publish", redisChannel, message));
		try {
			// At most once: a PUBLISH whose reply a dropped connection lost fails instead
			// of being re-sent by
			// Lettuce after the reconnect, which would deliver the message twice.
			long receivers = this.client.await(this.options.sharded() ? "spublish" : "publish",
					this.client.publishAtMostOnce(redisChannel, json, this.options.sharded()));
			this.metrics.increment(PubSubMetrics.PUBLISHED, PubSubMetrics.SUCCESS, channel);
			return receivers;
		}
		catch (RuntimeException ex) {
			this.metrics.increment(PubSubMetrics.PUBLISHED, PubSubMetrics.ERROR, channel);
			throw ex;
		}
	}

	@Override
	public <T> Subscription subscribe(String channel, Class<T> type, Consumer<T> handler) {
		String redisChannel = redisChannel(channel);
		Arguments.requireNonNull("type", type);
		Arguments.requireNonNull("handler", handler);
		return register(this.channelKind, redisChannel, channel, type, (ignored, message) -> handler.accept(message));
	}

	@Override
	public <T> Subscription psubscribe(String pattern, Class<T> type, BiConsumer<String, T> handler) {
		Arguments.requireText("pattern", pattern);
		Arguments.requireNonNull("type", type);
		Arguments.requireNonNull("handler", handler);
		if (this.options.sharded()) {
			throw new UnsupportedOperationException("sharded pub/sub has no pattern subscriptions (Redis has no "
					+ "SPSUBSCRIBE); subscribe to each channel instead");
		}
		return register(Kind.PATTERN, this.patternPrefix + pattern, pattern, type,
				(channel, message) -> handler.accept(unprefixed(channel), message));
	}

	@Override
	public void onResubscribed(Runnable listener) {
		this.resubscribedListeners.add(Arguments.requireNonNull("listener", listener));
	}

	/**
	 * The channel as Redis names it: prefix, namespace and channel, e.g.
	 * {@code myapp:channel:notifications}.
	 * @param channel the channel, without prefix or namespace
	 * @return the full channel name
	 */
	public String redisChannel(String channel) {
		return this.channelPrefix + Arguments.requireText("channel", channel);
	}

	/**
	 * The settings of this service.
	 * @return the options
	 */
	public PubSubOptions options() {
		return this.options;
	}

	/**
	 * Stops listening once the messages Redis sent before are queued, then lets the
	 * handlers finish the queued messages for at most the shutdown timeout. Messages
	 * still queued after it are counted as rejected and the handler threads are
	 * interrupted. The client and its pub/sub connection stay open. Closing twice does
	 * nothing.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.resubscribed.close();
		List<HandlerSubscription<?>> closing = new ArrayList<>(this.subscriptions);
		this.subscriptions.clear();
		drainRedis(closing);
		closing.forEach(HandlerSubscription::stopListening);
		if (!this.pool.shutdown(this.options.shutdownTimeout())) {
			long discarded = 0;
			for (HandlerSubscription<?> subscription : closing) {
				long left = subscription.discardQueued();
				this.pool.rejected(subscription.name(), left);
				discarded += left;
			}
			logger.atWarn()
				.addKeyValue("operation", "pubsub.close")
				.addKeyValue("outcome", "timeout")
				.addKeyValue("discarded", discarded)
				.addKeyValue("timeoutMs", this.options.shutdownTimeout().toMillis())
				.log("Handlers did not finish the queued messages in time; the rest were discarded and running "
						+ "handlers interrupted");
		}
		this.pool.logUnreportedRejections();
		logger.atInfo()
			.addKeyValue("operation", "pubsub.close")
			.addKeyValue("subscriptions", closing.size())
			.log("Closed pub/sub service");
	}

	/** Waits until every message Redis sent the subscriptions so far is queued. */
	private void drainRedis(List<HandlerSubscription<?>> closing) {
		List<CompletableFuture<Void>> flushed = new ArrayList<>();
		closing.forEach((subscription) -> flushed.add(subscription.flush()));
		try {
			this.client.await("pubsub.close", CompletableFuture.allOf(flushed.toArray(CompletableFuture[]::new)));
		}
		catch (RuntimeException ex) {
			logger.atWarn()
				.addKeyValue("operation", "pubsub.close")
				.addKeyValue("outcome", "error")
				.log("Redis did not confirm the subscriptions on close; messages it still sends are ignored: {}",
						ex.getMessage());
		}
	}

	private <T> Subscription register(Kind kind, String redisName, String name, Class<T> type,
			BiConsumer<String, T> handler) {
		ensureOpen();
		HandlerSubscription<T> subscription = new HandlerSubscription<>(name, JsonType.of(type), handler, this.client,
				this.pool, this.metrics, this.subscriptions);
		ChannelHub.Registration registration = subscription.listenOn(this.client.channels(), kind, redisName);
		try {
			this.client.awaitSubscription(kind.subscribeCommand(), registration.confirmed());
		}
		catch (RuntimeException ex) {
			subscription.close();
			throw ex;
		}
		if (this.closed.get()) {
			subscription.close();
			throw new IllegalStateException("PubSubService was closed while subscribing");
		}
		logger.atDebug()
			.addKeyValue("operation", "pubsub." + kind.subscribeCommand())
			.addKeyValue("channel", redisName)
			.log("Subscribed");
		return subscription;
	}

	/**
	 * Called on a hub thread once Redis confirmed every subscription again; the listeners
	 * run on handler threads.
	 */
	private void notifyResubscribed() {
		for (Runnable listener : this.resubscribedListeners) {
			try {
				this.pool.execute(() -> {
					try {
						listener.run();
					}
					catch (RuntimeException ex) {
						logger.atWarn()
							.addKeyValue("operation", "pubsub.resubscribe")
							.addKeyValue("outcome", "listener_error")
							.setCause(ex)
							.log("A resubscription listener failed");
					}
				});
			}
			catch (RejectedExecutionException ex) {
				logger.atDebug()
					.addKeyValue("operation", "pubsub.resubscribe")
					.log("Service closing; resubscription listener not called");
			}
		}
	}

	private String unprefixed(String channel) {
		return channel.startsWith(this.channelPrefix) ? channel.substring(this.channelPrefix.length()) : channel;
	}

	private void ensureOpen() {
		if (this.closed.get()) {
			throw new IllegalStateException("PubSubService is closed");
		}
	}

}
