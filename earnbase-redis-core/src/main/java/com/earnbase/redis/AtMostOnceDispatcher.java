package com.earnbase.redis;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * Sends the commands that must not run twice (INCR, SET NX, PUBLISH, a rate-limit script)
 * and, as a listener of the Lettuce client, fails those still unanswered when their
 * connection drops instead of letting Lettuce send them again after the reconnect.
 * <p>
 * Lettuce calls {@link #onRedisDisconnected} on the event loop after moving the
 * unanswered commands to its replay buffer and before it schedules the reconnect, so a
 * command completed there is skipped by the replay. A connection closed on purpose
 * replays nothing (Lettuce cancels what it carried), so it fails nothing: a cluster's
 * topology refresh opens and closes a connection per node at connect and every refresh
 * period.
 */
final class AtMostOnceDispatcher implements RedisConnectionStateListener {

	private final boolean cluster;

	/** Commands sent here that have no reply yet. */
	private final Set<AsyncCommand<String, String, ?>> unanswered = ConcurrentHashMap.newKeySet();

	/**
	 * The command connection; set once connected (this listener is registered before).
	 */
	private volatile StatefulConnection<String, String> connection;

	AtMostOnceDispatcher(boolean cluster) {
		this.cluster = cluster;
	}

	void connected(StatefulConnection<String, String> connection) {
		this.connection = connection;
	}

	/** See {@link LettuceRedisClient#dispatchAtMostOnce}. */
	<T> RedisFuture<T> dispatch(ProtocolKeyword type, CommandOutput<String, String, T> output,
			CommandArgs<String, String> args) {
		AsyncCommand<String, String, T> command = new AsyncCommand<>(new Command<>(type, output, args));
		// Registered before it is written, so a drop at any moment after the write finds
		// it.
		this.unanswered.add(command);
		command.whenComplete((value, error) -> this.unanswered.remove(command));
		try {
			this.connection.dispatch(command);
		}
		catch (RuntimeException ex) {
			command.completeExceptionally(ex);
		}
		return command;
	}

	@Override
	public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
		if (connection.isClosed() || connection instanceof StatefulRedisPubSubConnection
				|| (!this.cluster && connection != this.connection)) {
			return;
		}
		for (AsyncCommand<String, String, ?> command : this.unanswered) {
			command.completeExceptionally(new RedisConnectionException("the connection closed before Redis "
					+ "answered; the command may or may not have been applied, and is not sent again"));
		}
	}

}
