package com.earnbase.redis;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.earnbase.redis.ChannelEntry.Listening;
import com.earnbase.redis.support.Arguments;
import com.earnbase.redis.support.ChannelHub;
import com.earnbase.redis.support.Failures;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChannelHub} of a {@link LettuceRedisClient}: owns its pub/sub connection (a
 * {@link HubConnection}, opened on a hub thread by the first subscription), with one
 * message listener and one connection-state listener on it.
 * <p>
 * Each subscribed name has a {@link ChannelEntry}; every command about a name is decided
 * and sent (never awaited) under the entry's lock, which is what keeps SUBSCRIBE and
 * UNSUBSCRIBE of one name in call order on the wire. An entry sends its SUBSCRIBE once,
 * when the connection is open, and leaves the map when its last registration closes or
 * Redis refused it; a later subscriber then starts a new entry.
 */
final class LettuceChannelHub implements ChannelHub, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LettuceChannelHub.class);

	private final Map<Kind, Map<String, ChannelEntry>> entries = new EnumMap<>(Kind.class);

	private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

	private final Messages messages = new Messages();

	private final Reconnects reconnects = new Reconnects();

	private final HubConnection connection;

	/**
	 * Creates the hub; nothing is opened until the first subscription.
	 * @param connector opens the pub/sub connection; called on the hub thread
	 */
	LettuceChannelHub(Supplier<StatefulRedisPubSubConnection<String, String>> connector) {
		for (Kind kind : Kind.values()) {
			this.entries.put(kind, new ConcurrentHashMap<>());
		}
		this.connection = new HubConnection(connector, this.messages, this.reconnects);
	}

	@Override
	public Registration subscribe(Kind kind, String name, MessageListener listener) {
		Arguments.requireNonNull("kind", kind);
		Arguments.requireText("name", name);
		Arguments.requireNonNull("listener", listener);
		this.connection.ensureOpen();
		Listening registration = register(kind, name, listener);
		try {
			this.connection.connecting().whenComplete((opened, error) -> registration.entry.send(opened, error));
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
	 * Drops every registration and closes the connection, which ends its subscriptions in
	 * Redis.
	 */
	@Override
	public void close() {
		this.connection.close(() -> {
			IllegalStateException closing = new IllegalStateException("RedisClient is closed");
			for (Map<String, ChannelEntry> map : this.entries.values()) {
				map.values().forEach((entry) -> entry.confirmed.completeExceptionally(closing));
				map.clear();
			}
			this.callbacks.clear();
		});
	}

	private Listening register(Kind kind, String name, MessageListener listener) {
		Map<String, ChannelEntry> map = this.entries.get(kind);
		while (true) {
			ChannelEntry entry = map.computeIfAbsent(name, (key) -> new ChannelEntry(kind, key, map, this.connection));
			Listening registration = entry.register(listener);
			if (registration != null) {
				return registration;
			}
			// else its last registration closed meanwhile: start a new entry
		}
	}

	// --- resubscribing
	// -----------------------------------------------------------------------------------------

	/**
	 * After a reconnect: subscribes again to every confirmed name, then runs the
	 * callbacks. On the hub thread.
	 */
	private void resubscribe() {
		List<CompletableFuture<Void>> confirmations = new ArrayList<>();
		for (Map<String, ChannelEntry> map : this.entries.values()) {
			for (ChannelEntry entry : map.values()) {
				if (entry.isConfirmed()) {
					confirmations.add(entry.resend());
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
		if (!this.connection.execute(task)) {
			logger.atDebug().addKeyValue("operation", "pubsub.resubscribe").log("Hub closed; nothing resubscribed");
		}
	}

	private void dispatch(Kind kind, String name, String channel, String message) {
		ChannelEntry entry = this.entries.get(kind).get(name);
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

	/**
	 * The one message listener: hands each message to the registrations of its name. On
	 * Lettuce's I/O thread.
	 */
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

	/**
	 * Notices reconnects and resubscribes on the hub thread. Called on Lettuce's I/O
	 * thread.
	 */
	private final class Reconnects implements RedisConnectionStateListener {

		private final AtomicBoolean disconnected = new AtomicBoolean();

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			if (!LettuceChannelHub.this.connection.isClosed()) {
				this.disconnected.set(true);
			}
		}

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
			if (this.disconnected.compareAndSet(true, false) && !LettuceChannelHub.this.connection.isClosed()) {
				runOnHub(LettuceChannelHub.this::resubscribe);
			}
		}

	}

}
