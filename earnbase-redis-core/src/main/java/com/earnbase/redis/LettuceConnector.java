package com.earnbase.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

import com.earnbase.redis.support.Failures;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisURI;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.lettuce.core.tracing.MicrometerTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Lettuce client from the settings (options, cluster topology refresh, TLS,
 * resources), opens the command connection and, on request, the pub/sub connection, and
 * drains and shuts everything down on close.
 */
final class LettuceConnector {

	/** Under the facade's name, which applications configure. */
	private static final Logger logger = LoggerFactory.getLogger(LettuceRedisClient.class);

	/**
	 * Lettuce's message when a connection closed before its handshake result was read.
	 */
	private static final String LOST_HANDSHAKE = "RedisHandshakeHandler not registered";

	/**
	 * Least time between two topology refreshes triggered by MOVED, ASK or reconnects on
	 * a cluster.
	 */
	private static final Duration ADAPTIVE_REFRESH_INTERVAL = Duration.ofSeconds(1);

	private final String redactedUrl;

	private final ClientSettings settings;

	private final ClientResources resources;

	private final boolean ownsResources;

	private final AbstractRedisClient lettuce;

	private final StatefulConnection<String, String> connection;

	private final RedisClusterAsyncCommands<String, String> commands;

	/**
	 * Creates the Lettuce client and connects; on failure releases what it created.
	 * @param settings the checked settings
	 * @param listeners the connection listeners, registered before the first connection
	 * opens
	 */
	LettuceConnector(ClientSettings settings, RedisConnectionStateListener... listeners) {
		this.redactedUrl = settings.redactedUrl;
		this.settings = settings;
		this.ownsResources = settings.clientResources == null;
		List<NettyCustomizer> channels = new ArrayList<>();
		channels.add(new QueueBound(settings.maxQueuedCommands));
		SilentPeerDetector detector = silentPeerDetector(settings);
		if (detector != null) {
			channels.add(detector);
		}
		this.resources = this.ownsResources ? createResources(settings, channels)
				: SocketSupport.withCustomizer(settings.clientResources, SocketSupport.compose(channels));
		SocketOptions socketOptions = socketOptions(settings);
		TimeoutOptions timeoutOptions = TimeoutOptions.enabled(settings.timeout);
		AbstractRedisClient created = null;
		try {
			if (!settings.isCluster()) {
				io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(this.resources, settings.uri);
				created = client;
				client.setOptions(ClientOptions.builder()
					.socketOptions(socketOptions)
					.timeoutOptions(timeoutOptions)
					.requestQueueSize(settings.maxQueuedCommands)
					.sslOptions(sslOptions(settings))
					.build());
				addListeners(client, listeners);
				StatefulRedisConnection<String, String> standalone = connect(() -> client.connect(StringCodec.UTF8));
				this.lettuce = client;
				this.connection = standalone;
				this.commands = standalone.async();
			}
			else {
				RedisClusterClient client = RedisClusterClient.create(this.resources, settings.clusterUris);
				created = client;
				client.setOptions(ClusterClientOptions.builder()
					.socketOptions(socketOptions)
					.timeoutOptions(timeoutOptions)
					.requestQueueSize(settings.maxQueuedCommands)
					.sslOptions(sslOptions(settings))
					.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
						.enablePeriodicRefresh(settings.clusterRefreshPeriod)
						.enableAllAdaptiveRefreshTriggers()
						// Lettuce's default of 30 s between adaptive refreshes would hide
						// a promoted replica that
						// long: the first refresh runs right after the crash, before the
						// promotion.
						.adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_INTERVAL)
						.build())
					.build());
				addListeners(client, listeners);
				StatefulRedisClusterConnection<String, String> cluster = connect(
						() -> client.connect(StringCodec.UTF8));
				cluster.setReadFrom(settings.readFromReplicas ? ReadFrom.REPLICA_PREFERRED : ReadFrom.UPSTREAM);
				this.lettuce = client;
				this.connection = cluster;
				this.commands = cluster.async();
			}
		}
		catch (RuntimeException ex) {
			if (created != null) {
				created.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			}
			if (this.ownsResources) {
				this.resources.shutdown(0, 2, TimeUnit.SECONDS);
			}
			throw ex;
		}
	}

	private static void addListeners(AbstractRedisClient client, RedisConnectionStateListener[] listeners) {
		for (RedisConnectionStateListener listener : listeners) {
			client.addListener(listener);
		}
	}

	private static ClientResources createResources(ClientSettings settings, List<NettyCustomizer> channels) {
		DefaultClientResources.Builder resources = DefaultClientResources.builder()
			.commandLatencyRecorder(CommandLatencyRecorder.disabled());
		if (settings.observationRegistry != null) {
			resources.tracing(new MicrometerTracing(settings.observationRegistry,
					LettuceRedisClient.TRACING_SERVICE_NAME, false));
		}
		List<NettyCustomizer> customizers = new ArrayList<>();
		if (settings.flushConsolidation) {
			customizers.add(new FlushConsolidation());
		}
		customizers.addAll(channels);
		return resources.nettyCustomizer(SocketSupport.compose(customizers)).build();
	}

	/**
	 * Keepalive always on (the OS's timing unless tuned), {@code TCP_USER_TIMEOUT} where
	 * the transport can set it: Lettuce 7 refuses to connect when asked for an option its
	 * transport cannot set, so an option that cannot be set is left out, with a WARN.
	 */
	private static SocketOptions socketOptions(ClientSettings settings) {
		SocketOptions.Builder socket = SocketOptions.builder().connectTimeout(settings.connectTimeout).keepAlive(true);
		if (settings.keepAlive != null) {
			if (SocketSupport.keepAliveTuningSupported()) {
				socket.keepAlive(SocketOptions.KeepAliveOptions.builder()
					.enable()
					.idle(settings.keepAlive.idle())
					.interval(settings.keepAlive.interval())
					.count(settings.keepAlive.count())
					.build());
			}
			else {
				logger.atWarn()
					.addKeyValue("operation", "connect")
					.addKeyValue("server", settings.redactedUrl)
					.log("earnbase.redis.keep-alive.* (RedisClientBuilder.keepAlive) is not applied: neither a native "
							+ "transport nor the JDK's extended socket options can set it here; add {} on Linux. "
							+ "TCP keepalive stays on with the OS's timing", SocketSupport.EPOLL_DEPENDENCY);
			}
		}
		if (settings.tcpUserTimeout != null && SocketSupport.tcpUserTimeoutSupported()) {
			socket.tcpUserTimeout(SocketOptions.TcpUserTimeoutOptions.builder()
				.enable()
				.tcpUserTimeout(settings.tcpUserTimeout)
				.build());
		}
		return socket.build();
	}

	/**
	 * The fallback for {@code TCP_USER_TIMEOUT} where no native transport can set it,
	 * announced by one WARN; null when the setting is off or the socket option applies.
	 * Its bound is the setting, but at least the command timeout, so that a command is
	 * never cut off while it may still succeed.
	 */
	private static SilentPeerDetector silentPeerDetector(ClientSettings settings) {
		if (settings.tcpUserTimeout == null || SocketSupport.tcpUserTimeoutSupported()) {
			return null;
		}
		Duration bound = (settings.tcpUserTimeout.compareTo(settings.timeout) >= 0) ? settings.tcpUserTimeout
				: settings.timeout;
		logger.atWarn()
			.addKeyValue("operation", "connect")
			.addKeyValue("server", settings.redactedUrl)
			.log("earnbase.redis.tcp-user-timeout (RedisClientBuilder.tcpUserTimeout) needs Netty's native epoll or "
					+ "io_uring transport, which is not available here (on Linux add {}); instead the client closes and "
					+ "reopens a connection that received nothing for {} ms while a command waited",
					SocketSupport.EPOLL_DEPENDENCY, bound.toMillis());
		return new SilentPeerDetector(bound.toNanos(), settings.redactedUrl);
	}

	private static SslOptions sslOptions(ClientSettings settings) {
		if (settings.trustManagers == null) {
			return SslOptions.create();
		}
		SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider().trustManager(settings.trustManagers);
		if (settings.keyManagers != null) {
			ssl.keyManager(settings.keyManagers);
		}
		return ssl.build();
	}

	StatefulConnection<String, String> connection() {
		return this.connection;
	}

	RedisClusterAsyncCommands<String, String> commands() {
		return this.commands;
	}

	/**
	 * A Lettuce client for key-tracking connections, on this client's resources and with
	 * its socket, timeout and TLS options, but RESP3 (invalidations arrive as push
	 * messages) and without automatic reconnects: after a loss the tracking must be set
	 * up again and every copy dropped, which its owner does.
	 * @return the client; its owner shuts it down
	 */
	io.lettuce.core.RedisClient trackingClient() {
		io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(this.resources);
		client.setOptions(ClientOptions.builder()
			.socketOptions(socketOptions(this.settings))
			.timeoutOptions(TimeoutOptions.enabled(this.settings.timeout))
			.sslOptions(sslOptions(this.settings))
			.protocolVersion(ProtocolVersion.RESP3)
			.autoReconnect(false)
			.build());
		return client;
	}

	/**
	 * The nodes whose keys are tracked: the server (a Sentinel URL resolves its master at
	 * each connect) or, on a cluster, every master of the current topology, addressed
	 * with the seed's credentials and TLS settings.
	 * @return the nodes
	 */
	List<RedisURI> trackedNodes() {
		if (!(this.connection instanceof StatefulRedisClusterConnection<String, String> cluster)) {
			return List.of(this.settings.uri);
		}
		RedisURI seed = this.settings.clusterUris.get(0);
		List<RedisURI> masters = new ArrayList<>();
		for (RedisClusterNode node : cluster.getPartitions()) {
			if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
				masters.add(RedisURI.builder(seed)
					.withHost(node.getUri().getHost())
					.withPort(node.getUri().getPort())
					.build());
			}
		}
		return masters;
	}

	/**
	 * Whether the client talks to a Redis Cluster.
	 * @return true for a cluster
	 */
	boolean isCluster() {
		return this.connection instanceof StatefulRedisClusterConnection;
	}

	/** Opens a dedicated pub/sub connection. */
	StatefulRedisPubSubConnection<String, String> connectPubSub() {
		return connect(
				() -> (this.lettuce instanceof RedisClusterClient cluster) ? cluster.connectPubSub(StringCodec.UTF8)
						: ((io.lettuce.core.RedisClient) this.lettuce).connectPubSub(StringCodec.UTF8));
	}

	private <C> C connect(Supplier<C> connector) {
		long start = System.nanoTime();
		try {
			C connected = connectReportingTheHandshake(connector);
			logger.atInfo()
				.addKeyValue("operation", "connect")
				.addKeyValue("outcome", "success")
				.addKeyValue("server", this.redactedUrl)
				.addKeyValue("durationMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
				.log("Connected to Redis");
			return connected;
		}
		catch (RuntimeException ex) {
			logger.atError()
				.addKeyValue("operation", "connect")
				.addKeyValue("outcome", "error")
				.addKeyValue("server", this.redactedUrl)
				.log("Cannot connect to Redis: {}", Failures.rootMessage(ex));
			throw new RedisConnectionLostException("connect",
					"cannot connect to " + this.redactedUrl + ": " + connectFailure(ex), ex);
		}
	}

	/**
	 * When the server rejects the handshake (a wrong password, say) and closes the
	 * connection before Lettuce looks at the handshake, Lettuce reports only
	 * "RedisHandshakeHandler not registered" and loses the server's answer; one more
	 * attempt reports it.
	 */
	private static <C> C connectReportingTheHandshake(Supplier<C> connector) {
		try {
			return connector.get();
		}
		catch (RuntimeException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof IllegalStateException && LOST_HANDSHAKE.equals(cause.getMessage())) {
					return connector.get();
				}
			}
			throw ex;
		}
	}

	private static String connectFailure(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof SSLException) {
				return "TLS handshake failed (" + Failures.rootMessage(error) + "); check that the trusted CAs "
						+ "(RedisClientBuilder.ssl, earnbase.redis.ssl.bundle) include the issuer of the server's "
						+ "certificate and that it names this host";
			}
		}
		String root = Failures.rootMessage(error);
		if ((root.startsWith("NOAUTH") || root.startsWith("WRONGPASS")) && fromSentinel(error)) {
			return root + " (said by a Sentinel: Sentinels take the password of earnbase.redis.sentinel.password, "
					+ "RedisClientBuilder.sentinelPassword; the URL's credentials are the data nodes')";
		}
		return root;
	}

	/** Whether Lettuce failed while it asked a Sentinel for the master. */
	private static boolean fromSentinel(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().contains("Redis Sentinel")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Waits until every command sent so far has its reply: Redis answers one connection's
	 * commands in order, so once a PING sent after them is answered, they are. A
	 * connection that is down has nothing in flight to wait for.
	 * @param waitNanos how long to wait at most
	 */
	void drain(long waitNanos) {
		try {
			if (!this.connection.isOpen()) {
				throw new TimeoutException("connection is down");
			}
			pingEveryConnection().get(waitNanos, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.atWarn()
				.addKeyValue("operation", "close")
				.addKeyValue("server", this.redactedUrl)
				.log("Redis did not answer before close; commands still in flight fail: {}", Failures.rootMessage(ex));
		}
	}

	/**
	 * A PING on the connection, or on a cluster on each master's connection, which the
	 * commands sent so far used.
	 */
	private CompletableFuture<Void> pingEveryConnection() {
		if (!(this.connection instanceof StatefulRedisClusterConnection<String, String> cluster)) {
			return this.commands.ping().toCompletableFuture().thenApply((pong) -> null);
		}
		List<CompletableFuture<String>> pings = new ArrayList<>();
		for (RedisClusterNode node : cluster.getPartitions()) {
			if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
				pings.add(cluster.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort())
					.thenCompose((nodeConnection) -> nodeConnection.async().ping())
					.toCompletableFuture());
			}
		}
		return CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new));
	}

	/**
	 * Closes the command connection and shuts the Lettuce client down, with the resources
	 * it created.
	 */
	void close() {
		this.connection.close();
		this.lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		if (this.ownsResources) {
			this.resources.shutdown(0, 2, TimeUnit.SECONDS);
		}
		logger.atInfo()
			.addKeyValue("operation", "close")
			.addKeyValue("server", this.redactedUrl)
			.log("Closed Redis client");
	}

}
