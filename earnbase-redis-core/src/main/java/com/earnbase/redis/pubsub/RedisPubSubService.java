package com.earnbase.redis.pubsub;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.support.Arguments;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PubSubService} on the client's one dedicated pub/sub connection.
 * <p>
 * One listener on that connection hands each message to the subscriptions of its channel or pattern. Every
 * subscription has its own queue, drained on a shared bounded pool of handler threads one message at a time, so
 * its messages are handled in order, never on Lettuce's I/O threads, and a slow handler holds up only its own
 * subscription. Several subscriptions may share a channel: Redis is subscribed once and unsubscribed when the last
 * one closes.
 * <p>
 * When the queued messages of all subscriptions reach the queue capacity, further messages are rejected: counted
 * ({@code outcome=rejected}) and logged, never silently dropped. Blocking instead would stall the Lettuce I/O thread,
 * which other connections share, and a handler waiting for Redis on such a thread would deadlock.
 * <p>
 * Lettuce re-subscribes after a reconnect; this service subscribes again as well (SUBSCRIBE is idempotent), waits
 * for Redis to confirm and then calls the {@link #onResubscribed(Runnable)} listeners. Create one service per client
 * and namespace: services sharing both would share Redis subscriptions.
 */
public final class RedisPubSubService implements PubSubService, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisPubSubService.class);

	/** Messages one subscription handles before its thread goes to the next queued subscription. */
	private static final int BATCH = 64;

	/** At most one warning about rejected messages per interval, each with the count since the last. */
	private static final long REJECTED_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final LettuceRedisClient client;

	private final PubSubOptions options;

	private final String channelPrefix;

	private final String patternPrefix;

	private final Kind channelKind;

	private final PubSubMetrics metrics;

	private final ThreadPoolExecutor executor;

	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicLong rejectedSinceLog = new AtomicLong();

	private final AtomicLong lastRejectedLog = new AtomicLong(System.nanoTime() - REJECTED_LOG_INTERVAL_NANOS);

	private final Map<String, Registration> channels = new ConcurrentHashMap<>();

	private final Map<String, Registration> patterns = new ConcurrentHashMap<>();

	private final List<Runnable> resubscribedListeners = new CopyOnWriteArrayList<>();

	private final MessageListener messageListener = new MessageListener();

	private final ReconnectListener reconnectListener = new ReconnectListener();

	private final ReentrantLock connectionLock = new ReentrantLock();

	private final AtomicBoolean closed = new AtomicBoolean();

	/** Set when the shutdown timeout expired: handlers still running stop after their current message. */
	private volatile boolean abandoned;

	private volatile StatefulRedisPubSubConnection<String, String> connection;

	/**
	 * Creates the service with the {@link PubSubOptions#defaults() default options}.
	 * @param client the client whose pub/sub connection, prefix, JSON mapper and meter registry are used
	 */
	public RedisPubSubService(LettuceRedisClient client) {
		this(client, PubSubOptions.defaults());
	}

	/**
	 * Creates the service; the pub/sub connection is opened by the first subscription.
	 * @param client the client whose pub/sub connection, prefix, JSON mapper and meter registry are used
	 * @param options the settings
	 * @throws IllegalArgumentException when sharded pub/sub is asked for on a client that is not a cluster's
	 */
	public RedisPubSubService(LettuceRedisClient client, PubSubOptions options) {
		this.client = Arguments.requireNonNull("client", client);
		this.options = Arguments.requireNonNull("options", options);
		if (options.sharded() && !client.isCluster()) {
			throw new IllegalArgumentException("sharded pub/sub (SPUBLISH/SSUBSCRIBE) needs a Redis Cluster client; "
					+ "standalone and Sentinel use classic pub/sub, so leave sharded off there");
		}
		this.channelPrefix = client.prefix() + options.namespace() + ":";
		this.patternPrefix = escapeGlob(this.channelPrefix);
		this.channelKind = options.sharded() ? Kind.SHARD_CHANNEL : Kind.CHANNEL;
		this.metrics = new PubSubMetrics(client.meterRegistry(), options.tagChannels());
		this.executor = new ThreadPoolExecutor(options.handlerThreads(), options.handlerThreads(), 60, TimeUnit.SECONDS,
				// Holds at most one drain task per subscription: the messages wait in the subscriptions' queues.
				new LinkedBlockingQueue<>(), new HandlerThreadFactory());
		this.executor.allowCoreThreadTimeOut(true);
	}

	@Override
	public long publish(String channel, Object message) {
		String redisChannel = redisChannel(channel);
		Arguments.requireNonNull("message", message);
		ensureOpen();
		String json = this.client.checkValue(this.client.json().write("publish", redisChannel, message));
		try {
			// At most once: a PUBLISH whose reply a dropped connection lost fails instead of being re-sent by
			// Lettuce after the reconnect, which would deliver the message twice.
			CommandType command = this.options.sharded() ? CommandType.SPUBLISH : CommandType.PUBLISH;
			CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(redisChannel).addValue(json);
			long receivers = this.client.await(command.name().toLowerCase(java.util.Locale.ROOT), this.client
				.dispatchAtMostOnce(command, new IntegerOutput<>(StringCodec.UTF8), args));
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
		return register(this.channelKind, this.channels, redisChannel, channel, type,
				(ignored, message) -> handler.accept(message));
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
		return register(Kind.PATTERN, this.patterns, this.patternPrefix + pattern, pattern, type, handler);
	}

	@Override
	public void onResubscribed(Runnable listener) {
		this.resubscribedListeners.add(Arguments.requireNonNull("listener", listener));
	}

	/**
	 * The channel as Redis names it: prefix, namespace and channel, e.g. {@code myapp:channel:notifications}.
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
	 * Unsubscribes everything, then lets the handlers finish the queued messages for at most the shutdown timeout.
	 * Messages still queued after it are counted as rejected and the handler threads are interrupted. The client
	 * and its pub/sub connection stay open. Closing twice does nothing.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		List<HandlerSubscription<?>> subscriptions = new ArrayList<>();
		StatefulRedisPubSubConnection<String, String> current = this.connection;
		unsubscribeAll(current, this.channelKind, this.channels, subscriptions);
		unsubscribeAll(current, Kind.PATTERN, this.patterns, subscriptions);
		if (current != null) {
			current.removeListener(this.messageListener);
			current.removeListener(this.reconnectListener);
		}
		this.executor.shutdown();
		boolean drained = awaitTermination(this.options.shutdownTimeout());
		if (!drained) {
			this.abandoned = true;
			long discarded = 0;
			for (HandlerSubscription<?> subscription : subscriptions) {
				long left = subscription.discardQueued();
				this.metrics.increment(PubSubMetrics.RECEIVED, PubSubMetrics.REJECTED, subscription.name, left);
				discarded += left;
			}
			this.executor.shutdownNow();
			logger.atWarn()
				.addKeyValue("operation", "pubsub.close")
				.addKeyValue("outcome", "timeout")
				.addKeyValue("discarded", discarded)
				.addKeyValue("timeoutMs", this.options.shutdownTimeout().toMillis())
				.log("Handlers did not finish the queued messages in time; the rest were discarded and running "
						+ "handlers interrupted");
		}
		long rejectedUnlogged = this.rejectedSinceLog.getAndSet(0);
		if (rejectedUnlogged > 0) {
			logger.atWarn()
				.addKeyValue("operation", "pubsub.receive")
				.addKeyValue("outcome", PubSubMetrics.REJECTED)
				.addKeyValue("rejected", rejectedUnlogged)
				.log("Messages dropped (handler queue full, or service closing) since the last warning");
		}
		logger.atInfo()
			.addKeyValue("operation", "pubsub.close")
			.addKeyValue("subscriptions", subscriptions.size())
			.log("Closed pub/sub service");
	}

	// --- subscribing ---------------------------------------------------------------------------------------

	private <T> Subscription register(Kind kind, Map<String, Registration> registrations, String redisName,
			String name, Class<T> type, BiConsumer<String, T> handler) {
		ensureOpen();
		HandlerSubscription<T> subscription = new HandlerSubscription<>(name, this.client.json().type(type), handler);
		RedisPubSubAsyncCommands<String, String> commands = connection().async();
		while (true) {
			Registration registration = registrations.computeIfAbsent(redisName,
					(key) -> new Registration(kind, key, registrations));
			registration.lock.lock();
			try {
				if (registration.removed) {
					continue; // unsubscribed meanwhile by the last subscription; start a new one
				}
				if (!registration.confirmed) {
					subscribeOrRemove(commands, registration);
				}
				subscription.registration = registration;
				registration.subscriptions.add(subscription);
				break;
			}
			finally {
				registration.lock.unlock();
			}
		}
		if (this.closed.get()) {
			subscription.close();
			throw new IllegalStateException("PubSubService was closed while subscribing");
		}
		logger.atDebug()
			.addKeyValue("operation", "pubsub." + kind.subscribeCommand)
			.addKeyValue("channel", redisName)
			.log("Subscribed");
		return subscription;
	}

	/** Subscribes in Redis and waits for the confirmation; on failure the registration is abandoned. */
	private void subscribeOrRemove(RedisPubSubAsyncCommands<String, String> commands, Registration registration) {
		try {
			this.client.await(registration.kind.subscribeCommand,
					registration.kind.subscribe(commands, registration.redisName));
			registration.confirmed = true;
		}
		catch (RuntimeException ex) {
			registration.removed = true;
			registration.owner.remove(registration.redisName, registration);
			// The SUBSCRIBE may still be sent after a reconnect; this UNSUBSCRIBE follows it on the same connection.
			registration.kind.unsubscribe(commands, registration.redisName)
				.whenComplete((ok, error) -> logger.atDebug()
					.addKeyValue("operation", "pubsub." + registration.kind.unsubscribeCommand)
					.addKeyValue("channel", registration.redisName)
					.addKeyValue("outcome", (error != null) ? "error" : "success")
					.log("Withdrew a subscription that was not confirmed"));
			throw ex;
		}
	}

	private void unregister(HandlerSubscription<?> subscription) {
		Registration registration = subscription.registration;
		registration.lock.lock();
		try {
			if (!registration.subscriptions.remove(subscription) || !registration.subscriptions.isEmpty()
					|| registration.removed) {
				return;
			}
			// Still in the map while Redis unsubscribes, so that a new subscriber waits for this and subscribes after.
			if (!this.closed.get()) {
				try {
					this.client.await(registration.kind.unsubscribeCommand,
							registration.kind.unsubscribe(this.connection.async(), registration.redisName));
				}
				catch (RuntimeException ex) {
					logger.atWarn()
						.addKeyValue("operation", "pubsub." + registration.kind.unsubscribeCommand)
						.addKeyValue("outcome", "error")
						.log("Redis did not confirm the unsubscribe; messages it still sends are ignored: {}",
								ex.getMessage());
				}
			}
			registration.removed = true;
			registration.confirmed = false;
			registration.owner.remove(registration.redisName, registration);
		}
		finally {
			registration.lock.unlock();
		}
	}

	private void unsubscribeAll(StatefulRedisPubSubConnection<String, String> current, Kind kind,
			Map<String, Registration> registrations, List<HandlerSubscription<?>> subscriptions) {
		List<String> names = new ArrayList<>();
		for (Registration registration : registrations.values()) {
			names.add(registration.redisName);
			subscriptions.addAll(registration.subscriptions);
		}
		if (current != null && !names.isEmpty()) {
			try {
				// Redis confirms after every message it sent before, so those are all queued when this returns.
				this.client.await(kind.unsubscribeCommand,
						kind.unsubscribe(current.async(), names.toArray(String[]::new)));
			}
			catch (RuntimeException ex) {
				logger.atWarn()
					.addKeyValue("operation", "pubsub." + kind.unsubscribeCommand)
					.addKeyValue("outcome", "error")
					.log("Redis did not confirm the unsubscribe on close; messages it still sends are ignored: {}",
							ex.getMessage());
			}
		}
		registrations.clear();
	}

	private StatefulRedisPubSubConnection<String, String> connection() {
		StatefulRedisPubSubConnection<String, String> existing = this.connection;
		if (existing != null) {
			return existing;
		}
		this.connectionLock.lock();
		try {
			if (this.connection == null) {
				StatefulRedisPubSubConnection<String, String> opened = this.client.pubSubConnection();
				opened.addListener(this.messageListener);
				opened.addListener(this.reconnectListener);
				this.connection = opened;
			}
			return this.connection;
		}
		finally {
			this.connectionLock.unlock();
		}
	}

	/** Subscribes again to everything after a reconnect, then tells the listeners. Runs on the I/O thread. */
	private void resubscribe(StatefulRedisPubSubConnection<String, String> current) {
		List<CompletableFuture<Void>> confirmations = new ArrayList<>();
		List<String> channelNames = confirmedNames(this.channels);
		List<String> patternNames = confirmedNames(this.patterns);
		RedisPubSubAsyncCommands<String, String> commands = current.async();
		if (!channelNames.isEmpty()) {
			confirmations.add(this.channelKind.subscribe(commands, channelNames.toArray(String[]::new))
				.toCompletableFuture());
		}
		if (!patternNames.isEmpty()) {
			confirmations.add(Kind.PATTERN.subscribe(commands, patternNames.toArray(String[]::new))
				.toCompletableFuture());
		}
		CompletableFuture.allOf(confirmations.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
			if (error != null) {
				logger.atWarn()
					.addKeyValue("operation", "pubsub.resubscribe")
					.addKeyValue("outcome", "error")
					.log("Subscribing again after a reconnect failed; retried on the next reconnect: {}",
							error.getMessage());
				return;
			}
			logger.atInfo()
				.addKeyValue("operation", "pubsub.resubscribe")
				.addKeyValue("outcome", "success")
				.addKeyValue("channels", channelNames.size())
				.addKeyValue("patterns", patternNames.size())
				.log("Subscribed again after a reconnect; messages published while disconnected were lost");
			notifyResubscribed();
		});
	}

	private static List<String> confirmedNames(Map<String, Registration> registrations) {
		List<String> names = new ArrayList<>();
		for (Registration registration : registrations.values()) {
			if (registration.confirmed) {
				names.add(registration.redisName);
			}
		}
		return names;
	}

	private void notifyResubscribed() {
		for (Runnable listener : this.resubscribedListeners) {
			try {
				this.executor.execute(() -> {
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

	// --- delivering ----------------------------------------------------------------------------------------

	private void dispatch(Registration registration, String channel, String payload) {
		if (registration == null) {
			// The client's pub/sub connection also carries other primitives' channels (cache invalidation, lock
			// releases); only a message on this service's own channels is worth a line.
			if (channel.startsWith(this.channelPrefix)) {
				logger.atDebug()
					.addKeyValue("operation", "pubsub.receive")
					.addKeyValue("channel", channel)
					.log("Message without a subscription ignored");
			}
			return;
		}
		for (HandlerSubscription<?> subscription : registration.subscriptions) {
			subscription.offer(channel, payload);
		}
	}

	private void rejected(HandlerSubscription<?> subscription, long count) {
		this.metrics.increment(PubSubMetrics.RECEIVED, PubSubMetrics.REJECTED, subscription.name, count);
		this.rejectedSinceLog.addAndGet(count);
		long now = System.nanoTime();
		long last = this.lastRejectedLog.get();
		if (now - last >= REJECTED_LOG_INTERVAL_NANOS && this.lastRejectedLog.compareAndSet(last, now)) {
			logger.atWarn()
				.addKeyValue("operation", "pubsub.receive")
				.addKeyValue("outcome", PubSubMetrics.REJECTED)
				.addKeyValue("rejected", this.rejectedSinceLog.getAndSet(0))
				.addKeyValue("capacity", this.options.handlerQueueCapacity())
				.log("Message handlers are behind and their queue is full; messages were dropped");
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

	private boolean awaitTermination(Duration timeout) {
		try {
			return this.executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Escapes the glob characters of Redis patterns, so that the text matches only itself.
	 * @param text the text
	 * @return the text with {@code * ? [ ] \} escaped by a backslash
	 */
	static String escapeGlob(String text) {
		StringBuilder escaped = new StringBuilder(text.length() + 8);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	/** How a name is subscribed in Redis. */
	private enum Kind {

		CHANNEL("subscribe", "unsubscribe") {
			@Override
			RedisFuture<Void> subscribe(RedisPubSubAsyncCommands<String, String> commands, String... names) {
				return commands.subscribe(names);
			}

			@Override
			RedisFuture<Void> unsubscribe(RedisPubSubAsyncCommands<String, String> commands, String... names) {
				return commands.unsubscribe(names);
			}
		},

		SHARD_CHANNEL("ssubscribe", "sunsubscribe") {
			@Override
			RedisFuture<Void> subscribe(RedisPubSubAsyncCommands<String, String> commands, String... names) {
				return commands.ssubscribe(names);
			}

			@Override
			RedisFuture<Void> unsubscribe(RedisPubSubAsyncCommands<String, String> commands, String... names) {
				return commands.sunsubscribe(names);
			}
		},

		PATTERN("psubscribe", "punsubscribe") {
			@Override
			RedisFuture<Void> subscribe(RedisPubSubAsyncCommands<String, String> commands, String... names) {
				return commands.psubscribe(names);
			}

			@Override
			RedisFuture<Void> unsubscribe(RedisPubSubAsyncCommands<String, String> commands, String... names) {
				return commands.punsubscribe(names);
			}
		};

		final String subscribeCommand;

		final String unsubscribeCommand;

		Kind(String subscribeCommand, String unsubscribeCommand) {
			this.subscribeCommand = subscribeCommand;
			this.unsubscribeCommand = unsubscribeCommand;
		}

		abstract RedisFuture<Void> subscribe(RedisPubSubAsyncCommands<String, String> commands, String... names);

		abstract RedisFuture<Void> unsubscribe(RedisPubSubAsyncCommands<String, String> commands, String... names);

	}

	/** One channel or pattern subscribed in Redis and the subscriptions sharing it. */
	private static final class Registration {

		final Kind kind;

		final String redisName;

		final Map<String, Registration> owner;

		/** Held while subscribing or unsubscribing in Redis, so that those happen in the order of the calls. */
		final ReentrantLock lock = new ReentrantLock();

		final List<HandlerSubscription<?>> subscriptions = new CopyOnWriteArrayList<>();

		/** Redis confirmed the subscription; written under the lock, read by the resubscription too. */
		volatile boolean confirmed;

		/** Taken out of its map; a subscriber that finds it must start a new registration. Guarded by the lock. */
		boolean removed;

		Registration(Kind kind, String redisName, Map<String, Registration> owner) {
			this.kind = kind;
			this.redisName = redisName;
			this.owner = owner;
		}

	}

	/** A message waiting for its handler. */
	private record Delivery(String channel, String payload) {
	}

	/** A subscription with its own queue, drained by one handler thread at a time. */
	private final class HandlerSubscription<T> implements Subscription {

		private final String name;

		private final JavaType type;

		private final BiConsumer<String, T> handler;

		private final ConcurrentLinkedQueue<Delivery> queue = new ConcurrentLinkedQueue<>();

		private final AtomicBoolean scheduled = new AtomicBoolean();

		private final AtomicBoolean cancelled = new AtomicBoolean();

		private volatile Registration registration;

		HandlerSubscription(String name, JavaType type, BiConsumer<String, T> handler) {
			this.name = name;
			this.type = type;
			this.handler = handler;
		}

		/** Queues a message; called on the I/O thread, which must not block. */
		void offer(String channel, String payload) {
			if (this.cancelled.get()) {
				return;
			}
			if (RedisPubSubService.this.queued.incrementAndGet() > RedisPubSubService.this.options
				.handlerQueueCapacity()) {
				RedisPubSubService.this.queued.decrementAndGet();
				rejected(this, 1);
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
				RedisPubSubService.this.executor.execute(this::drain);
			}
			catch (RejectedExecutionException ex) {
				this.scheduled.set(false);
				rejected(this, discardQueued());
			}
		}

		private void drain() {
			try {
				for (int i = 0; i < BATCH && !RedisPubSubService.this.abandoned; i++) {
					Delivery delivery = this.queue.poll();
					if (delivery == null) {
						break;
					}
					RedisPubSubService.this.queued.decrementAndGet();
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
				message = RedisPubSubService.this.client.json().mapper().readValue(delivery.payload(), this.type);
			}
			catch (JsonProcessingException ex) {
				decodeError(delivery, ex.getClass().getSimpleName(), ex.getOriginalMessage());
				return;
			}
			if (message == null) {
				decodeError(delivery, "null", "the message is JSON null");
				return;
			}
			try {
				this.handler.accept(unprefixed(delivery.channel()), message);
				RedisPubSubService.this.metrics.increment(PubSubMetrics.RECEIVED, PubSubMetrics.SUCCESS, this.name);
			}
			catch (VirtualMachineError ex) {
				throw ex;
			}
			catch (RuntimeException | Error ex) {
				RedisPubSubService.this.metrics.increment(PubSubMetrics.RECEIVED, PubSubMetrics.HANDLER_ERROR,
						this.name);
				logger.atWarn()
					.addKeyValue("operation", "pubsub.receive")
					.addKeyValue("outcome", PubSubMetrics.HANDLER_ERROR)
					.addKeyValue("type", this.type.toCanonical())
					.setCause(ex)
					.log("A message handler failed; the subscription continues");
			}
		}

		private void decodeError(Delivery delivery, String error, String detail) {
			RedisPubSubService.this.metrics.increment(PubSubMetrics.RECEIVED, PubSubMetrics.DECODE_ERROR, this.name);
			logger.atWarn()
				.addKeyValue("operation", "pubsub.receive")
				.addKeyValue("outcome", PubSubMetrics.DECODE_ERROR)
				.addKeyValue("type", this.type.toCanonical())
				.addKeyValue("error", error)
				.log("A message could not be read as its subscription's type and was not delivered");
			// Parser messages may quote the payload, so they stay at DEBUG with the channel.
			logger.atDebug()
				.addKeyValue("operation", "pubsub.receive")
				.addKeyValue("channel", delivery.channel())
				.log("Undecodable message: {}", detail);
		}

		/** Drops the queued messages, e.g. when the pool is gone; returns how many. */
		long discardQueued() {
			long discarded = 0;
			while (this.queue.poll() != null) {
				RedisPubSubService.this.queued.decrementAndGet();
				discarded++;
			}
			return discarded;
		}

		@Override
		public void close() {
			if (!this.cancelled.compareAndSet(false, true)) {
				return;
			}
			discardQueued();
			if (this.registration != null) {
				unregister(this);
			}
		}

		@Override
		public boolean isActive() {
			return !this.cancelled.get() && !RedisPubSubService.this.closed.get();
		}

		@Override
		public String toString() {
			return "Subscription[" + this.name + (isActive() ? ", active]" : ", closed]");
		}

	}

	/** Hands messages from the pub/sub connection to the subscriptions. Runs on Lettuce's I/O thread. */
	private final class MessageListener extends RedisPubSubAdapter<String, String> {

		@Override
		public void message(String channel, String message) {
			if (RedisPubSubService.this.channelKind == Kind.CHANNEL) {
				dispatch(RedisPubSubService.this.channels.get(channel), channel, message);
			}
		}

		@Override
		public void message(String pattern, String channel, String message) {
			dispatch(RedisPubSubService.this.patterns.get(pattern), channel, message);
		}

		@Override
		public void smessage(String shardChannel, String message) {
			if (RedisPubSubService.this.channelKind == Kind.SHARD_CHANNEL) {
				dispatch(RedisPubSubService.this.channels.get(shardChannel), shardChannel, message);
			}
		}

	}

	/** Notices reconnects of the pub/sub connection. Runs on Lettuce's I/O thread. */
	private final class ReconnectListener implements RedisConnectionStateListener {

		private final AtomicBoolean disconnected = new AtomicBoolean();

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			if (!RedisPubSubService.this.closed.get()) {
				this.disconnected.set(true);
			}
		}

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
			StatefulRedisPubSubConnection<String, String> current = RedisPubSubService.this.connection;
			if (current != null && this.disconnected.compareAndSet(true, false)
					&& !RedisPubSubService.this.closed.get()) {
				resubscribe(current);
			}
		}

	}

	/** Names the handler threads, daemons so that a service never closed does not keep the JVM alive. */
	private static final class HandlerThreadFactory implements ThreadFactory {

		private static final AtomicInteger services = new AtomicInteger();

		private final String prefix = "earnbase-pubsub-" + services.incrementAndGet() + "-";

		private final AtomicInteger threads = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, this.prefix + this.threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
