package com.earnbase.redis;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import com.earnbase.redis.support.Arguments;
import com.earnbase.redis.support.ChannelHub;
import com.earnbase.redis.support.Failures;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChannelHub} of a {@link LettuceRedisClient}: owns its pub/sub connection, opened on a hub thread by the
 * first subscription, with one message listener and one connection-state listener on it.
 * <p>
 * Each subscribed name has an {@link Entry}; every command about a name is decided and sent (never awaited) under the
 * entry's lock, which is what keeps SUBSCRIBE and UNSUBSCRIBE of one name in call order on the wire. An entry sends
 * its SUBSCRIBE once, when the connection is open, and leaves the map when its last registration closes or Redis
 * refused it; a later subscriber then starts a new entry.
 */
final class LettuceChannelHub implements ChannelHub, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LettuceChannelHub.class);

	private static final AtomicInteger hubs = new AtomicInteger();

	private final Supplier<StatefulRedisPubSubConnection<String, String>> connector;

	/** The hub thread: opens the connection and resubscribes after reconnects, off the callers and Lettuce. */
	private final ThreadPoolExecutor executor;

	private final Map<Kind, Map<String, Entry>> entries = new EnumMap<>(Kind.class);

	private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

	private final Messages messages = new Messages();

	private final Reconnects reconnects = new Reconnects();

	private final ReentrantLock connectLock = new ReentrantLock();

	/** The open or opening connection; guarded by {@link #connectLock}, replaced after a failed attempt. */
	private CompletableFuture<StatefulRedisPubSubConnection<String, String>> connecting;

	private volatile StatefulRedisPubSubConnection<String, String> connection;

	private volatile boolean closed;

	/**
	 * Creates the hub; nothing is opened until the first subscription.
	 * @param connector opens the pub/sub connection; called on the hub thread
	 */
	LettuceChannelHub(Supplier<StatefulRedisPubSubConnection<String, String>> connector) {
		this.connector = connector;
		for (Kind kind : Kind.values()) {
			this.entries.put(kind, new ConcurrentHashMap<>());
		}
		String name = "earnbase-pubsub-hub-" + hubs.incrementAndGet();
		this.executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), (task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		});
		this.executor.allowCoreThreadTimeOut(true);
	}

	@Override
	public Registration subscribe(Kind kind, String name, MessageListener listener) {
		Arguments.requireNonNull("kind", kind);
		Arguments.requireText("name", name);
		Arguments.requireNonNull("listener", listener);
		ensureOpen();
		Listening registration = register(kind, name, listener);
		try {
			connecting().whenComplete((opened, error) -> send(registration.entry, opened, error));
		}
		catch (IllegalStateException ex) {
			registration.close();
			throw ex;
		}
		return registration;
	}

	@Override
	public Registration onResubscribed(Runnable callback) {
		Arguments.requireNonNull("callback", callback);
		this.callbacks.add(callback);
		CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
		return new Registration() {
			@Override
			public CompletableFuture<Void> confirmed() {
				return done;
			}

			@Override
			public CompletableFuture<Void> flush() {
				return done;
			}

			@Override
			public CompletableFuture<Void> closeAsync() {
				LettuceChannelHub.this.callbacks.remove(callback);
				return done;
			}
		};
	}

	/**
	 * The connection, waiting for it to open when needed; for the cache, which still listens on it directly.
	 * @return the open connection
	 */
	StatefulRedisPubSubConnection<String, String> awaitConnection() {
		try {
			return connecting().join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	/** Drops every registration and closes the connection, which ends its subscriptions in Redis. */
	@Override
	public void close() {
		StatefulRedisPubSubConnection<String, String> current;
		this.connectLock.lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			current = this.connection;
		}
		finally {
			this.connectLock.unlock();
		}
		IllegalStateException closing = new IllegalStateException("RedisClient is closed");
		for (Map<String, Entry> map : this.entries.values()) {
			map.values().forEach((entry) -> entry.confirmed.completeExceptionally(closing));
			map.clear();
		}
		this.callbacks.clear();
		if (current != null) {
			current.removeListener(this.messages);
			current.removeListener(this.reconnects);
			current.close();
		}
		this.executor.shutdownNow();
	}

	// --- subscribing -------------------------------------------------------------------------------------------

	private Listening register(Kind kind, String name, MessageListener listener) {
		Map<String, Entry> map = this.entries.get(kind);
		while (true) {
			Entry entry = map.computeIfAbsent(name, (key) -> new Entry(kind, key));
			entry.lock.lock();
			try {
				if (!entry.removed) {
					Listening registration = new Listening(entry, listener);
					entry.registrations.add(registration);
					return registration;
				}
				// else its last registration closed meanwhile: start a new entry
			}
			finally {
				entry.lock.unlock();
			}
		}
	}

	private CompletableFuture<StatefulRedisPubSubConnection<String, String>> connecting() {
		this.connectLock.lock();
		try {
			ensureOpen();
			if (this.connecting == null || this.connecting.isCompletedExceptionally()) {
				this.connecting = CompletableFuture.supplyAsync(this::open, this.executor);
			}
			return this.connecting;
		}
		finally {
			this.connectLock.unlock();
		}
	}

	private StatefulRedisPubSubConnection<String, String> open() {
		StatefulRedisPubSubConnection<String, String> opened = this.connector.get();
		this.connectLock.lock();
		try {
			if (this.closed) {
				opened.close();
				throw new IllegalStateException("RedisClient was closed while its pub/sub connection opened");
			}
			opened.addListener(this.messages);
			opened.addListener(this.reconnects);
			this.connection = opened;
			return opened;
		}
		finally {
			this.connectLock.unlock();
		}
	}

	/** Sends an entry's SUBSCRIBE once the connection is open, unless it is unwanted by then. */
	private void send(Entry entry, StatefulRedisPubSubConnection<String, String> opened, Throwable error) {
		entry.lock.lock();
		try {
			if (entry.removed || entry.sent) {
				return;
			}
			if (error != null) {
				refused(entry, error);
				return;
			}
			entry.sent = true;
			subscribe(opened.async(), entry).whenComplete((ok, failure) -> {
				if (failure == null) {
					entry.confirmed.complete(null);
				}
				else {
					refused(entry, failure);
				}
			});
		}
		finally {
			entry.lock.unlock();
		}
	}

	/** Drops an entry Redis did not confirm, so that a later subscriber tries again, and fails its registrations. */
	private void refused(Entry entry, Throwable error) {
		entry.lock.lock();
		try {
			if (!entry.removed) {
				remove(entry);
				logger.atWarn()
					.addKeyValue("operation", "pubsub." + entry.kind.subscribeCommand())
					.addKeyValue("outcome", "error")
					.addKeyValue("channel", entry.name)
					.log("Subscription not confirmed; the next subscriber tries again: {}", Failures.rootMessage(error));
			}
		}
		finally {
			entry.lock.unlock();
		}
		entry.confirmed.completeExceptionally(error);
	}

	private CompletableFuture<Void> unregister(Listening registration) {
		Entry entry = registration.entry;
		entry.lock.lock();
		try {
			if (entry.registrations.remove(registration) && entry.registrations.isEmpty() && !entry.removed) {
				return remove(entry);
			}
			return CompletableFuture.completedFuture(null);
		}
		finally {
			entry.lock.unlock();
		}
	}

	/** Unsubscribes an entry when its SUBSCRIBE was sent, then takes it out of its map; called under its lock. */
	private CompletableFuture<Void> remove(Entry entry) {
		entry.removed = true;
		CompletableFuture<Void> unsubscribed = CompletableFuture.completedFuture(null);
		StatefulRedisPubSubConnection<String, String> current = this.connection;
		if (entry.sent && current != null && !this.closed) {
			// Also withdraws a SUBSCRIBE that timed out: Lettuce may still send it after a reconnect.
			unsubscribed = unsubscribe(current.async(), entry).toCompletableFuture();
		}
		// Only now, with the UNSUBSCRIBE written: a new subscriber of the name either waits on this entry's lock and
		// finds it removed, or finds no entry; both send their SUBSCRIBE after this UNSUBSCRIBE, never before it.
		this.entries.get(entry.kind).remove(entry.name, entry);
		return unsubscribed;
	}

	/** Subscribes once more to an entry's name: Redis confirms after the messages it sent before. */
	private CompletableFuture<Void> resend(Entry entry) {
		entry.lock.lock();
		try {
			StatefulRedisPubSubConnection<String, String> current = this.connection;
			if (entry.removed) {
				return CompletableFuture.completedFuture(null);
			}
			if (current == null || !isConfirmed(entry)) {
				return entry.confirmed.copy();
			}
			return subscribe(current.async(), entry).toCompletableFuture();
		}
		finally {
			entry.lock.unlock();
		}
	}

	/** After a reconnect: subscribes again to every confirmed name, then runs the callbacks. On the hub thread. */
	private void resubscribe() {
		List<CompletableFuture<Void>> confirmations = new ArrayList<>();
		for (Map<String, Entry> map : this.entries.values()) {
			for (Entry entry : map.values()) {
				if (isConfirmed(entry)) {
					confirmations.add(resend(entry));
				}
			}
		}
		CompletableFuture.allOf(confirmations.toArray(CompletableFuture[]::new))
			.whenComplete((ok, error) -> runOnHub(() -> resubscribed(confirmations.size(), error)));
	}

	private void resubscribed(int names, Throwable error) {
		if (error != null) {
			logger.atWarn()
				.addKeyValue("operation", "pubsub.resubscribe")
				.addKeyValue("outcome", "error")
				.log("Subscribing again after a reconnect failed; retried on the next reconnect: {}",
						Failures.rootMessage(error));
			return;
		}
		logger.atInfo()
			.addKeyValue("operation", "pubsub.resubscribe")
			.addKeyValue("outcome", "success")
			.addKeyValue("names", names)
			.log("Subscribed again after a reconnect; messages published while disconnected were lost");
		for (Runnable callback : this.callbacks) {
			try {
				callback.run();
			}
			catch (RuntimeException ex) {
				logger.atWarn()
					.addKeyValue("operation", "pubsub.resubscribe")
					.addKeyValue("outcome", "listener_error")
					.setCause(ex)
					.log("A resubscription callback failed");
			}
		}
	}

	private void runOnHub(Runnable task) {
		try {
			this.executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			logger.atDebug().addKeyValue("operation", "pubsub.resubscribe").log("Hub closed; nothing resubscribed");
		}
	}

	private void dispatch(Kind kind, String name, String channel, String message) {
		Entry entry = this.entries.get(kind).get(name);
		if (entry == null) {
			return; // unsubscribed meanwhile
		}
		for (Listening registration : entry.registrations) {
			try {
				registration.listener.onMessage(channel, message);
			}
			catch (RuntimeException ex) {
				logger.atWarn().addKeyValue("operation", "pubsub.receive").setCause(ex).log("A listener failed");
			}
		}
	}

	private void ensureOpen() {
		if (this.closed) {
			throw new IllegalStateException("RedisClient is closed");
		}
	}

	private static boolean isConfirmed(Entry entry) {
		return entry.confirmed.isDone() && !entry.confirmed.isCompletedExceptionally();
	}

	private static RedisFuture<Void> subscribe(RedisPubSubAsyncCommands<String, String> commands, Entry entry) {
		return switch (entry.kind) {
			case CHANNEL -> commands.subscribe(entry.name);
			case SHARD_CHANNEL -> commands.ssubscribe(entry.name);
			case PATTERN -> commands.psubscribe(entry.name);
		};
	}

	private static RedisFuture<Void> unsubscribe(RedisPubSubAsyncCommands<String, String> commands, Entry entry) {
		return switch (entry.kind) {
			case CHANNEL -> commands.unsubscribe(entry.name);
			case SHARD_CHANNEL -> commands.sunsubscribe(entry.name);
			case PATTERN -> commands.punsubscribe(entry.name);
		};
	}

	/** One name subscribed in Redis and the registrations sharing it. */
	private static final class Entry {

		final Kind kind;

		final String name;

		/** Held while deciding and sending this name's commands, so that they go out in the order of the calls. */
		final ReentrantLock lock = new ReentrantLock();

		final List<Listening> registrations = new CopyOnWriteArrayList<>();

		/** Completes on Redis's confirmation of the SUBSCRIBE; exceptionally when it failed. */
		final CompletableFuture<Void> confirmed = new CompletableFuture<>();

		/** The SUBSCRIBE was sent; guarded by the lock. */
		boolean sent;

		/** Out of its map; a subscriber that finds it starts a new entry. Guarded by the lock. */
		boolean removed;

		Entry(Kind kind, String name) {
			this.kind = kind;
			this.name = name;
		}

	}

	/** A listener's registration on an entry. */
	private final class Listening implements Registration {

		final Entry entry;

		final MessageListener listener;

		private final CompletableFuture<Void> confirmed;

		private final AtomicBoolean closed = new AtomicBoolean();

		Listening(Entry entry, MessageListener listener) {
			this.entry = entry;
			this.listener = listener;
			this.confirmed = entry.confirmed.copy();
		}

		@Override
		public CompletableFuture<Void> confirmed() {
			return this.confirmed;
		}

		@Override
		public CompletableFuture<Void> flush() {
			return this.closed.get() ? CompletableFuture.completedFuture(null) : resend(this.entry);
		}

		@Override
		public CompletableFuture<Void> closeAsync() {
			return this.closed.compareAndSet(false, true) ? unregister(this) : CompletableFuture.completedFuture(null);
		}

	}

	/** The one message listener: hands each message to the registrations of its name. On Lettuce's I/O thread. */
	private final class Messages extends RedisPubSubAdapter<String, String> {

		@Override
		public void message(String channel, String message) {
			dispatch(Kind.CHANNEL, channel, channel, message);
		}

		@Override
		public void message(String pattern, String channel, String message) {
			dispatch(Kind.PATTERN, pattern, channel, message);
		}

		@Override
		public void smessage(String shardChannel, String message) {
			dispatch(Kind.SHARD_CHANNEL, shardChannel, shardChannel, message);
		}

	}

	/** Notices reconnects and resubscribes on the hub thread. Called on Lettuce's I/O thread. */
	private final class Reconnects implements RedisConnectionStateListener {

		private final AtomicBoolean disconnected = new AtomicBoolean();

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			if (!LettuceChannelHub.this.closed) {
				this.disconnected.set(true);
			}
		}

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
			if (this.disconnected.compareAndSet(true, false) && !LettuceChannelHub.this.closed) {
				runOnHub(LettuceChannelHub.this::resubscribe);
			}
		}

	}

}
