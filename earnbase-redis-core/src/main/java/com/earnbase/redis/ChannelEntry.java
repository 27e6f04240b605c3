package com.earnbase.redis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import com.earnbase.redis.support.ChannelHub.Kind;
import com.earnbase.redis.support.ChannelHub.MessageListener;
import com.earnbase.redis.support.ChannelHub.Registration;
import com.earnbase.redis.support.Failures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One name subscribed in Redis through a {@link LettuceChannelHub}, the registrations
 * sharing it, and the protocol that sends its SUBSCRIBE and UNSUBSCRIBE in call order.
 */
final class ChannelEntry {

	/** Logs under the hub's name, as the hub did before this class was split from it. */
	private static final Logger logger = LoggerFactory.getLogger(LettuceChannelHub.class);

	final Kind kind;

	final String name;

	/** The map of the hub that holds this entry while it is wanted. */
	private final Map<String, ChannelEntry> entries;

	private final HubConnection connection;

	/**
	 * Held while deciding and sending this name's commands, so that they go out in the
	 * order of the calls.
	 */
	private final ReentrantLock lock = new ReentrantLock();

	final List<Listening> registrations = new CopyOnWriteArrayList<>();

	/**
	 * Completes on Redis's confirmation of the SUBSCRIBE; exceptionally when it failed.
	 */
	final CompletableFuture<Void> confirmed = new CompletableFuture<>();

	/** The SUBSCRIBE was sent; guarded by the lock. */
	private boolean sent;

	/**
	 * Out of its map; a subscriber that finds it starts a new entry. Guarded by the lock.
	 */
	private boolean removed;

	ChannelEntry(Kind kind, String name, Map<String, ChannelEntry> entries, HubConnection connection) {
		this.kind = kind;
		this.name = name;
		this.entries = entries;
		this.connection = connection;
	}

	/**
	 * Adds a registration unless this entry left its map meanwhile.
	 * @param listener the registration's listener
	 * @return the registration, or {@code null} when the caller must start a new entry
	 */
	Listening register(MessageListener listener) {
		this.lock.lock();
		try {
			if (!this.removed) {
				Listening registration = new Listening(this, listener);
				this.registrations.add(registration);
				return registration;
			}
			return null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Sends this entry's SUBSCRIBE once the connection is open, unless it is unwanted by
	 * then.
	 */
	void send(StatefulRedisPubSubConnection<String, String> opened, Throwable error) {
		this.lock.lock();
		try {
			if (this.removed || this.sent) {
				return;
			}
			if (error != null) {
				refused(error);
				return;
			}
			this.sent = true;
			subscribe(opened.async()).whenComplete((ok, failure) -> {
				if (failure == null) {
					this.confirmed.complete(null);
				}
				else {
					refused(failure);
				}
			});
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Drops an entry Redis did not confirm, so that a later subscriber tries again, and
	 * fails its registrations.
	 */
	private void refused(Throwable error) {
		this.lock.lock();
		try {
			if (!this.removed) {
				remove();
				logger.atWarn()
					.addKeyValue("operation", "pubsub." + this.kind.subscribeCommand())
					.addKeyValue("outcome", "error")
					.addKeyValue("channel", this.name)
					.log("Subscription not confirmed; the next subscriber tries again: {}",
							Failures.rootMessage(error));
			}
		}
		finally {
			this.lock.unlock();
		}
		this.confirmed.completeExceptionally(error);
	}

	private CompletableFuture<Void> unregister(Listening registration) {
		this.lock.lock();
		try {
			if (this.registrations.remove(registration) && this.registrations.isEmpty() && !this.removed) {
				return remove();
			}
			return CompletableFuture.completedFuture(null);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Unsubscribes this entry when its SUBSCRIBE was sent, then takes it out of its map;
	 * called under its lock.
	 */
	private CompletableFuture<Void> remove() {
		this.removed = true;
		CompletableFuture<Void> unsubscribed = CompletableFuture.completedFuture(null);
		StatefulRedisPubSubConnection<String, String> current = this.connection.current();
		if (this.sent && current != null && !this.connection.isClosed()) {
			// Also withdraws a SUBSCRIBE that timed out: Lettuce may still send it after
			// a reconnect.
			unsubscribed = unsubscribe(current.async()).toCompletableFuture();
		}
		// Only now, with the UNSUBSCRIBE written: a new subscriber of the name either
		// waits on this entry's lock and
		// finds it removed, or finds no entry; both send their SUBSCRIBE after this
		// UNSUBSCRIBE, never before it.
		this.entries.remove(this.name, this);
		return unsubscribed;
	}

	/**
	 * Subscribes once more to this entry's name: Redis confirms after the messages it
	 * sent before.
	 */
	CompletableFuture<Void> resend() {
		this.lock.lock();
		try {
			StatefulRedisPubSubConnection<String, String> current = this.connection.current();
			if (this.removed) {
				return CompletableFuture.completedFuture(null);
			}
			if (current == null || !isConfirmed()) {
				return this.confirmed.copy();
			}
			return subscribe(current.async()).toCompletableFuture();
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean isConfirmed() {
		return this.confirmed.isDone() && !this.confirmed.isCompletedExceptionally();
	}

	private RedisFuture<Void> subscribe(RedisPubSubAsyncCommands<String, String> commands) {
		return switch (this.kind) {
			case CHANNEL -> commands.subscribe(this.name);
			case SHARD_CHANNEL -> commands.ssubscribe(this.name);
			case PATTERN -> commands.psubscribe(this.name);
		};
	}

	private RedisFuture<Void> unsubscribe(RedisPubSubAsyncCommands<String, String> commands) {
		return switch (this.kind) {
			case CHANNEL -> commands.unsubscribe(this.name);
			case SHARD_CHANNEL -> commands.sunsubscribe(this.name);
			case PATTERN -> commands.punsubscribe(this.name);
		};
	}

	/** A listener's registration on an entry. */
	static final class Listening implements Registration {

		final ChannelEntry entry;

		final MessageListener listener;

		private final CompletableFuture<Void> confirmed;

		private final AtomicBoolean closed = new AtomicBoolean();

		Listening(ChannelEntry entry, MessageListener listener) {
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
			return this.closed.get() ? CompletableFuture.completedFuture(null) : this.entry.resend();
		}

		@Override
		public CompletableFuture<Void> closeAsync() {
			return this.closed.compareAndSet(false, true) ? this.entry.unregister(this)
					: CompletableFuture.completedFuture(null);
		}

	}

}
