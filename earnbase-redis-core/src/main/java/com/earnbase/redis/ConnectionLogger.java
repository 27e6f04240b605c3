package com.earnbase.redis;

import java.net.SocketAddress;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.BooleanSupplier;

import com.earnbase.redis.support.Failures;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logs the connection events of one client with its redacted URL: losses and recoveries
 * at INFO, routine opens (a cluster opens a connection per node at every topology
 * refresh) at DEBUG.
 */
final class ConnectionLogger implements RedisConnectionStateListener {

	/** Under the facade's name, which applications configure. */
	private static final Logger logger = LoggerFactory.getLogger(LettuceRedisClient.class);

	private final String redactedUrl;

	private final BooleanSupplier clientClosed;

	/** Weak, so that a connection closed while it was down is not kept. */
	private final Set<RedisChannelHandler<?, ?>> lost = Collections
		.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	ConnectionLogger(String redactedUrl, BooleanSupplier clientClosed) {
		this.redactedUrl = redactedUrl;
		this.clientClosed = clientClosed;
	}

	@Override
	public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
		boolean recovered = this.lost.remove(connection);
		logger.atLevel(recovered ? Level.INFO : Level.DEBUG)
			.addKeyValue("operation", recovered ? "reconnected" : "connected")
			.addKeyValue("server", this.redactedUrl)
			.addKeyValue("address", String.valueOf(socketAddress))
			.log(recovered ? "Redis connection restored" : "Redis connection up");
	}

	@Override
	public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
		// Closed on purpose (a cluster's topology refresh closes its connections after
		// reading the nodes).
		if (!this.clientClosed.getAsBoolean() && !connection.isClosed()) {
			this.lost.add(connection);
			logger.atInfo()
				.addKeyValue("operation", "disconnected")
				.addKeyValue("server", this.redactedUrl)
				.log("Redis connection lost; reconnecting");
		}
	}

	@Override
	public void onRedisExceptionCaught(RedisChannelHandler<?, ?> connection, Throwable cause) {
		logger.atWarn()
			.addKeyValue("operation", "connection")
			.addKeyValue("server", this.redactedUrl)
			.log("Redis connection error: {}", Failures.rootMessage(cause));
	}

}
