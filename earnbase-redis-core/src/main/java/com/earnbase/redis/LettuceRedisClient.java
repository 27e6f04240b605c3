package com.earnbase.redis;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

import com.earnbase.redis.support.Arguments;
import com.earnbase.redis.support.ChannelHub;
import com.earnbase.redis.support.Failures;
import com.earnbase.redis.support.JsonCodec;
import com.earnbase.redis.support.PrimitiveSupport;
import com.earnbase.redis.support.RedisScript;
import com.earnbase.redis.support.RedisUrls;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
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
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.lettuce.core.tracing.MicrometerTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The {@link RedisClient} on Lettuce: one shared multiplexed connection for every command (concurrent callers are
 * pipelined on it) and, on first use, one dedicated connection for pub/sub.
 * <p>
 * Besides the {@link RedisClient} operations it gives the library's primitives what they build on: raw commands,
 * script execution with EVALSHA, exception translation, JSON and the meter registry.
 */
public final class LettuceRedisClient implements RedisClient, PrimitiveSupport {

	private static final Logger logger = LoggerFactory.getLogger(LettuceRedisClient.class);

	/** Without an application registry: a composite with no registries hands out meters that record nothing. */
	private static final MeterRegistry NO_METERS = new CompositeMeterRegistry();

	/** The service name of the tracing spans. */
	public static final String TRACING_SERVICE_NAME = "earnbase-redis";

	/** Extra time a blocking call waits beyond the command timeout, so that Lettuce's own timeout fires first. */
	private static final long AWAIT_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	/** Lettuce's message when a connection closed before its handshake result was read. */
	private static final String LOST_HANDSHAKE = "RedisHandshakeHandler not registered";

	/** Least time between two topology refreshes triggered by MOVED, ASK or reconnects on a cluster. */
	private static final Duration ADAPTIVE_REFRESH_INTERVAL = Duration.ofSeconds(1);

	/** The longest key or channel accepted, in UTF-8 bytes, prefix excluded: longer ones are taken for a bug. */
	public static final int MAX_KEY_BYTES = 64 * 1024;

	private final String redactedUrl;

	private final String prefix;

	private final Duration defaultTtl;

	private final Duration timeout;

	private final long awaitNanos;

	private final long maxValueBytes;

	private final JsonCodec json;

	private final MeterRegistry meterRegistry;

	private final CommandMetrics metrics;

	private final ClientResources resources;

	private final boolean ownsResources;

	private final AbstractRedisClient lettuce;

	private final StatefulConnection<String, String> connection;

	private final RedisClusterAsyncCommands<String, String> commands;

	private final Async async = new Async();

	private final int readAttempts;

	private final Duration readBackoff;

	/** Commands sent with {@link #dispatchAtMostOnce} that have no reply yet. */
	private final Set<AsyncCommand<String, String, ?>> atMostOnce = ConcurrentHashMap.newKeySet();

	private final LettuceChannelHub hub = new LettuceChannelHub(this::openPubSub);

	private volatile boolean closed;

	LettuceRedisClient(RedisClientBuilder builder) {
		RedisURI uri = RedisUrls.parse("url", builder.url);
		this.redactedUrl = builder.clusterNodes.isEmpty() ? RedisUrls.redact(builder.url)
				: "cluster " + String.join(",", builder.clusterNodes);
		if (builder.username != null) {
			uri.setUsername(builder.username);
		}
		if (builder.password != null) {
			uri.setPassword(builder.password.toCharArray());
		}
		if (builder.trustManagers != null) {
			uri.setSsl(true);
		}
		if (builder.db != null) {
			if (builder.db < 0) {
				throw new IllegalArgumentException("db must not be negative but was " + builder.db);
			}
			uri.setDatabase(builder.db);
		}
		this.prefix = normalizePrefix(builder.prefix);
		this.defaultTtl = (builder.defaultTtl != null) ? Arguments.requirePositive("defaultTtl", builder.defaultTtl)
				: null;
		this.timeout = Arguments.requirePositive("timeout", builder.timeout);
		Duration connectTimeout = Arguments.requirePositive("connectTimeout", builder.connectTimeout);
		Duration refreshPeriod = Arguments.requirePositive("clusterRefreshPeriod", builder.clusterRefreshPeriod);
		if (builder.maxValueBytes <= 0) {
			throw new IllegalArgumentException("maxValueBytes must be positive but was " + builder.maxValueBytes);
		}
		List<RedisURI> clusterUris = clusterUris(builder.clusterNodes, uri);
		if (!clusterUris.isEmpty() && uri.getDatabase() != 0) {
			throw new IllegalArgumentException("db must be 0 on a Redis Cluster but was " + uri.getDatabase());
		}
		this.maxValueBytes = builder.maxValueBytes;
		this.readAttempts = Arguments.requirePositive("retryReads.maxAttempts", builder.readAttempts);
		this.readBackoff = Arguments.requireNotNegative("retryReads.backoff", builder.readBackoff);
		this.awaitNanos = this.timeout.toNanos() + AWAIT_MARGIN_NANOS;
		this.json = new JsonCodec((builder.objectMapper != null) ? builder.objectMapper
				: JsonCodec.defaultObjectMapper());
		this.meterRegistry = builder.meterRegistry;
		this.metrics = (builder.meterRegistry != null) ? new CommandMetrics(builder.meterRegistry) : null;
		// Lettuce bounds the connection handshake (HELLO, AUTH, SELECT) by the URI's timeout; commands are bounded by
		// the TimeoutOptions below. Opening a connection is the connect timeout's business, not a command's.
		uri.setTimeout(connectTimeout);

		this.ownsResources = builder.clientResources == null;
		this.resources = this.ownsResources ? createResources(builder) : builder.clientResources;
		SocketOptions socketOptions = SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build();
		TimeoutOptions timeoutOptions = TimeoutOptions.enabled(this.timeout);
		AbstractRedisClient created = null;
		try {
			if (clusterUris.isEmpty()) {
				io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(this.resources, uri);
				created = client;
				client.setOptions(ClientOptions.builder()
					.socketOptions(socketOptions)
					.timeoutOptions(timeoutOptions)
					.sslOptions(sslOptions(builder))
					.build());
				client.addListener(new ConnectionLogger());
				client.addListener(new AtMostOnceGuard());
				StatefulRedisConnection<String, String> standalone = connect(() -> client.connect(StringCodec.UTF8));
				this.lettuce = client;
				this.connection = standalone;
				this.commands = standalone.async();
			}
			else {
				RedisClusterClient client = RedisClusterClient.create(this.resources, clusterUris);
				created = client;
				client.setOptions(ClusterClientOptions.builder()
					.socketOptions(socketOptions)
					.timeoutOptions(timeoutOptions)
					.sslOptions(sslOptions(builder))
					.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
						.enablePeriodicRefresh(refreshPeriod)
						.enableAllAdaptiveRefreshTriggers()
						// Lettuce's default of 30 s between adaptive refreshes would hide a promoted replica that
						// long: the first refresh runs right after the crash, before the promotion.
						.adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_INTERVAL)
						.build())
					.build());
				client.addListener(new ConnectionLogger());
				client.addListener(new AtMostOnceGuard());
				StatefulRedisClusterConnection<String, String> cluster = connect(
						() -> client.connect(StringCodec.UTF8));
				cluster.setReadFrom(builder.readFromReplicas ? ReadFrom.REPLICA_PREFERRED : ReadFrom.UPSTREAM);
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

	private static SslOptions sslOptions(RedisClientBuilder builder) {
		if (builder.trustManagers == null) {
			return SslOptions.create();
		}
		SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider().trustManager(builder.trustManagers);
		if (builder.keyManagers != null) {
			ssl.keyManager(builder.keyManagers);
		}
		return ssl.build();
	}

	private <C> C connect(java.util.function.Supplier<C> connector) {
		long start = System.nanoTime();
		try {
			C connection = connectReportingTheHandshake(connector);
			logger.atInfo()
				.addKeyValue("operation", "connect")
				.addKeyValue("outcome", "success")
				.addKeyValue("server", this.redactedUrl)
				.addKeyValue("durationMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
				.log("Connected to Redis");
			return connection;
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
	 * When the server rejects the handshake (a wrong password, say) and closes the connection before Lettuce looks at
	 * the handshake, Lettuce reports only "RedisHandshakeHandler not registered" and loses the server's answer; one
	 * more attempt reports it.
	 */
	private static <C> C connectReportingTheHandshake(java.util.function.Supplier<C> connector) {
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

	private static ClientResources createResources(RedisClientBuilder builder) {
		DefaultClientResources.Builder resources = DefaultClientResources.builder()
			.commandLatencyRecorder(CommandLatencyRecorder.disabled());
		if (builder.observationRegistry != null) {
			resources.tracing(new MicrometerTracing(builder.observationRegistry, TRACING_SERVICE_NAME, false));
		}
		if (builder.flushConsolidation) {
			resources.nettyCustomizer(flushConsolidation());
		}
		return resources.build();
	}

	private static String connectFailure(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof SSLException) {
				return "TLS handshake failed (" + Failures.rootMessage(error) + "); check that the trusted CAs (RedisClientBuilder"
						+ ".ssl, earnbase.redis.ssl.bundle) include the issuer of the server's certificate and that it "
						+ "names this host";
			}
		}
		return Failures.rootMessage(error);
	}

	private static List<RedisURI> clusterUris(List<String> nodes, RedisURI template) {
		List<RedisURI> uris = new ArrayList<>();
		for (int i = 0; i < nodes.size(); i++) {
			String node = nodes.get(i);
			String argument = "clusterNodes[" + i + "]";
			Arguments.requireText(argument, node);
			int colon = node.lastIndexOf(':');
			int port;
			try {
				port = (colon > 0) ? Integer.parseInt(node.substring(colon + 1)) : -1;
			}
			catch (NumberFormatException ex) {
				port = -1;
			}
			if (port <= 0 || port > 65535) {
				throw new IllegalArgumentException(argument + " '" + node + "' must be host:port");
			}
			RedisURI uri = RedisURI.builder(template).withHost(node.substring(0, colon)).withPort(port).build();
			uri.setDatabase(0);
			uris.add(uri);
		}
		return uris;
	}

	private static String normalizePrefix(String prefix) {
		if (prefix == null || prefix.isEmpty()) {
			return "";
		}
		if (prefix.isBlank()) {
			throw new IllegalArgumentException("prefix must not be blank");
		}
		return prefix.endsWith(":") ? prefix : prefix + ":";
	}

	// --- RedisClient -------------------------------------------------------------------------------------

	@Override
	public String get(String key) {
		String k = key(key);
		return read("get", () -> this.commands.get(k));
	}

	@Override
	public void set(String key, String value) {
		String k = key(key);
		checkValue(value);
		long start = start();
		await("set", start, (this.defaultTtl != null) ? this.commands.set(k, value, px(this.defaultTtl))
				: this.commands.set(k, value));
	}

	@Override
	public void set(String key, String value, Duration expire) {
		String k = key(key);
		checkValue(value);
		SetArgs args = px(Arguments.requirePositive("expire", expire));
		long start = start();
		await("set", start, this.commands.set(k, value, args));
	}

	@Override
	public boolean setIfAbsent(String key, String value, Duration expire) {
		String k = key(key);
		checkValue(value);
		SetArgs args = px(Arguments.requirePositive("expire", expire)).nx();
		long start = start();
		return "OK".equals(await("set", start, setAtMostOnce(k, value, args)));
	}

	@Override
	public boolean exists(String key) {
		String k = key(key);
		return read("exists", () -> this.commands.exists(k)) > 0;
	}

	@Override
	public boolean delete(String key) {
		String k = key(key);
		long start = start();
		return await("del", start, this.commands.del(k)) > 0;
	}

	@Override
	public boolean expire(String key, Duration expire) {
		String k = key(key);
		long millis = Arguments.requirePositive("expire", expire).toMillis();
		long start = start();
		return Boolean.TRUE.equals(await("pexpire", start, this.commands.pexpire(k, millis)));
	}

	@Override
	public long ttl(String key) {
		String k = key(key);
		return read("ttl", () -> this.commands.ttl(k));
	}

	@Override
	public long increment(String key) {
		String k = key(key);
		long start = start();
		return await("incr", start, incrAtMostOnce(k));
	}

	@Override
	public <T> T getJson(String key, Class<T> type) {
		return readJson(key, this.json.type(type));
	}

	@Override
	public <T> T getJson(String key, TypeReference<T> type) {
		return readJson(key, this.json.type(type));
	}

	private <T> T readJson(String key, JavaType type) {
		String k = key(key);
		return this.json.read("get", k, read("get", () -> this.commands.get(k)), type);
	}

	@Override
	public void setJson(String key, Object value) {
		String k = key(key);
		String text = checkValue(this.json.write("set", k, Arguments.requireNonNull("value", value)));
		long start = start();
		await("set", start, (this.defaultTtl != null) ? this.commands.set(k, text, px(this.defaultTtl))
				: this.commands.set(k, text));
	}

	@Override
	public void setJson(String key, Object value, Duration expire) {
		String k = key(key);
		SetArgs args = px(Arguments.requirePositive("expire", expire));
		String text = checkValue(this.json.write("set", k, Arguments.requireNonNull("value", value)));
		long start = start();
		await("set", start, this.commands.set(k, text, args));
	}

	@Override
	public long publish(String channel, String message) {
		String c = channel(channel);
		checkValue(message);
		long start = start();
		return await("publish", start, publishAtMostOnce(c, message));
	}

	@Override
	public Duration ping() {
		ensureOpen();
		long start = System.nanoTime();
		await("ping", start(), this.commands.ping());
		return Duration.ofNanos(System.nanoTime() - start);
	}

	@Override
	public String key(String key) {
		checkName("key", key);
		ensureOpen();
		return this.prefix.isEmpty() ? key : this.prefix.concat(key);
	}

	/**
	 * The channel exactly as Redis sees it, prefix included.
	 * @param channel the channel, without the prefix
	 * @return the channel with the prefix
	 */
	public String channel(String channel) {
		checkName("channel", channel);
		ensureOpen();
		return this.prefix.isEmpty() ? channel : this.prefix.concat(channel);
	}

	@Override
	public AsyncRedisClient async() {
		return this.async;
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		// Redis answers one connection's commands in order, so once this PING is answered every command sent
		// before close() has its reply. A connection that is down has nothing in flight to wait for.
		try {
			if (!this.connection.isOpen()) {
				throw new TimeoutException("connection is down");
			}
			pingEveryConnection().get(this.awaitNanos, TimeUnit.NANOSECONDS);
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
		this.hub.close();
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

	/** A PING on the connection, or on a cluster on each master's connection, which the commands sent so far used. */
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

	// --- For the primitives ------------------------------------------------------------------------------

	/**
	 * The key prefix including its trailing colon, or an empty string.
	 * @return the prefix
	 */
	public String prefix() {
		return this.prefix;
	}

	/**
	 * The default TTL of writes, or null when there is none.
	 * @return the default TTL
	 */
	public Duration defaultTtl() {
		return this.defaultTtl;
	}

	/**
	 * The command timeout.
	 * @return the timeout
	 */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * The JSON codec (default typing off).
	 * @return the codec
	 */
	public JsonCodec json() {
		return this.json;
	}

	@Override
	public MeterRegistry meterRegistry() {
		return (this.meterRegistry != null) ? this.meterRegistry : NO_METERS;
	}

	/**
	 * Whether this client talks to a Redis Cluster.
	 * @return true for a cluster
	 */
	public boolean isCluster() {
		return this.lettuce instanceof RedisClusterClient;
	}

	/**
	 * The raw asynchronous commands of the shared connection. Keys are used as given: callers prefix them.
	 * @return the commands
	 */
	public RedisClusterAsyncCommands<String, String> commands() {
		ensureOpen();
		return this.commands;
	}

	/**
	 * Waits for a future of this client's connection for at most the command timeout and translates failures.
	 * @param <T> the result type
	 * @param operation the operation, named in errors
	 * @param future the future
	 * @return the result
	 * @throws EarnbaseRedisException when the command failed or timed out
	 */
	public <T> T await(String operation, CompletionStage<T> future) {
		return await(operation, 0L, future);
	}

	@Override
	public <T> CompletableFuture<T> call(String operation,
			Function<RedisClusterAsyncCommands<String, String>, ? extends CompletionStage<T>> command) {
		ensureOpen();
		long start = start();
		CompletableFuture<T> result = new CompletableFuture<>();
		command.apply(this.commands).whenComplete((value, error) -> complete(result, operation, start, value, error));
		return result;
	}

	@Override
	public CompletableFuture<Long> publishAtMostOnce(String channel, String message, boolean sharded) {
		ensureOpen();
		CommandType type = sharded ? CommandType.SPUBLISH : CommandType.PUBLISH;
		return async(sharded ? "spublish" : "publish", start(), dispatchAtMostOnce(type,
				new IntegerOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).addKey(channel).addValue(message)));
	}

	@Override
	public ChannelHub channels() {
		return this.hub;
	}

	/**
	 * Runs a Lua script by EVALSHA, loading it with EVAL when the server does not know it.
	 * @param <T> the result type
	 * @param script the script
	 * @param type the result type
	 * @param keys the keys, already prefixed
	 * @param args the arguments
	 * @return the result; failures are {@link EarnbaseRedisException}s naming the script
	 */
	public <T> CompletableFuture<T> eval(RedisScript script, ScriptOutputType type, String[] keys, String... args) {
		return runScript(script, (sha) -> this.commands.evalsha(sha, type, keys, args),
				(source) -> this.commands.eval(source, type, keys, args));
	}

	/**
	 * Runs a Lua script like {@link #eval(RedisScript, ScriptOutputType, String[], String...)}, but sends it at most
	 * once (see {@link #dispatchAtMostOnce}): for scripts that must not run twice when a dropped connection loses
	 * their reply, such as a rate-limit step.
	 * @param script the script
	 * @param keys the keys, already prefixed
	 * @param args the arguments
	 * @return the reply as a (nested) list; failures are {@link EarnbaseRedisException}s naming the script
	 */
	public CompletableFuture<List<Object>> evalAtMostOnce(RedisScript script, String[] keys, String... args) {
		return runScript(script, (sha) -> dispatchScript(CommandType.EVALSHA, sha, keys, args),
				(source) -> dispatchScript(CommandType.EVAL, source, keys, args));
	}

	private RedisFuture<List<Object>> dispatchScript(CommandType type, String script, String[] keys, String[] args) {
		CommandArgs<String, String> commandArgs = new CommandArgs<>(StringCodec.UTF8).add(script)
			.add(keys.length)
			.addKeys(keys)
			.addValues(args);
		return dispatchAtMostOnce(type, new NestedMultiOutput<>(StringCodec.UTF8), commandArgs);
	}

	/** EVALSHA, and EVAL only when the server answers NOSCRIPT; timed and translated under the script's name. */
	private <T> CompletableFuture<T> runScript(RedisScript script, Function<String, RedisFuture<T>> bySha,
			Function<String, RedisFuture<T>> bySource) {
		ensureOpen();
		long start = start();
		CompletableFuture<T> result = new CompletableFuture<>();
		bySha.apply(script.sha1()).whenComplete((value, error) -> {
			if (error != null && Failures.unwrap(error) instanceof RedisNoScriptException) {
				bySource.apply(script.source())
					.whenComplete((retried, retryError) -> complete(result, script.name(), start, retried, retryError));
			}
			else {
				complete(result, script.name(), start, value, error);
			}
		});
		return result;
	}

	/**
	 * Runs a Lua script and waits for its result, see {@link #eval(RedisScript, ScriptOutputType, String[], String...)}.
	 * @param <T> the result type
	 * @param script the script
	 * @param type the result type
	 * @param keys the keys, already prefixed
	 * @param args the arguments
	 * @return the result
	 */
	public <T> T evalSync(RedisScript script, ScriptOutputType type, String[] keys, String... args) {
		return await(script.name(), 0L, eval(script, type, keys, args));
	}

	/**
	 * The dedicated pub/sub connection of the {@link #channels() hub}, opened on first use.
	 * @return the connection
	 */
	public StatefulRedisPubSubConnection<String, String> pubSubConnection() {
		ensureOpen();
		return this.hub.awaitConnection();
	}

	private StatefulRedisPubSubConnection<String, String> openPubSub() {
		return connect(() -> (this.lettuce instanceof RedisClusterClient cluster)
				? cluster.connectPubSub(StringCodec.UTF8)
				: ((io.lettuce.core.RedisClient) this.lettuce).connectPubSub(StringCodec.UTF8));
	}

	/**
	 * Checks the size of a value about to be written.
	 * @param value the value
	 * @return the value
	 * @throws IllegalArgumentException when null or larger than the configured limit
	 */
	public String checkValue(String value) {
		Arguments.requireNonNull("value", value);
		// Counted without encoding: a value far over the limit must not cost a buffer of its own size.
		long bytes = utf8Length(value);
		if (bytes < 0) {
			throw new IllegalArgumentException("value contains an unpaired UTF-16 surrogate at index " + (-bytes - 1)
					+ ", which UTF-8 cannot store; it would be read back as '?'");
		}
		if (bytes > this.maxValueBytes) {
			throw new IllegalArgumentException("value is " + bytes + " bytes, over the limit of "
					+ this.maxValueBytes + " bytes (maxValueBytes)");
		}
		return value;
	}

	/**
	 * Sends a command that must not run twice, such as INCR or SET NX: when its connection drops before the reply,
	 * it fails with a connection error ({@link RedisConnectionLostException} once passed through
	 * {@link #await(String, CompletionStage)} or {@link #translate(String, Throwable)}; it may or may not have run)
	 * instead of being sent again after the reconnect, as Lettuce does with other commands.
	 * @param <T> the result type
	 * @param type the command
	 * @param output the output that decodes the reply
	 * @param args the arguments, keys already prefixed
	 * @return the pending reply
	 */
	public <T> RedisFuture<T> dispatchAtMostOnce(ProtocolKeyword type, CommandOutput<String, String, T> output,
			CommandArgs<String, String> args) {
		ensureOpen();
		AsyncCommand<String, String, T> command = new AsyncCommand<>(new Command<>(type, output, args));
		// Registered before it is written, so a drop at any moment after the write finds it.
		this.atMostOnce.add(command);
		command.whenComplete((value, error) -> this.atMostOnce.remove(command));
		try {
			this.connection.dispatch(command);
		}
		catch (RuntimeException ex) {
			command.completeExceptionally(ex);
		}
		return command;
	}

	@Override
	public String toString() {
		return "LettuceRedisClient[" + this.redactedUrl + ", prefix='" + this.prefix + "']";
	}

	// --- internals ---------------------------------------------------------------------------------------

	private void ensureOpen() {
		if (this.closed) {
			throw new IllegalStateException("RedisClient is closed");
		}
	}

	private static void checkName(String argument, String name) {
		Arguments.requireText(argument, name);
		long bytes = utf8Length(name);
		if (bytes < 0) {
			throw new IllegalArgumentException(argument + " contains an unpaired UTF-16 surrogate at index "
					+ (-bytes - 1) + ", which UTF-8 cannot store: distinct " + argument
					+ "s would map to the same Redis name");
		}
		if (bytes > MAX_KEY_BYTES) {
			throw new IllegalArgumentException(argument + " is " + bytes + " bytes, over the limit of "
					+ MAX_KEY_BYTES + " bytes");
		}
	}

	/**
	 * The UTF-8 length of a string, without encoding it.
	 * @return the length, or {@code -1 - index} of the first unpaired surrogate
	 */
	static long utf8Length(String text) {
		long bytes = 0;
		for (int i = 0, n = text.length(); i < n; i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes++;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return -1L - i;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

	private RedisFuture<Long> incrAtMostOnce(String key) {
		return dispatchAtMostOnce(CommandType.INCR, new IntegerOutput<>(StringCodec.UTF8),
				new CommandArgs<>(StringCodec.UTF8).addKey(key));
	}

	private RedisFuture<String> setAtMostOnce(String key, String value, SetArgs setArgs) {
		CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(key).addValue(value);
		setArgs.build(args);
		return dispatchAtMostOnce(CommandType.SET, new StatusOutput<>(StringCodec.UTF8), args);
	}

	private RedisFuture<Long> publishAtMostOnce(String channel, String message) {
		return dispatchAtMostOnce(CommandType.PUBLISH, new IntegerOutput<>(StringCodec.UTF8),
				new CommandArgs<>(StringCodec.UTF8).addKey(channel).addValue(message));
	}

	/** Waits for an idempotent read, retrying it on connection errors and timeouts when so configured. */
	private <T> T read(String operation, Supplier<RedisFuture<T>> command) {
		for (int attempt = 1;; attempt++) {
			try {
				return await(operation, start(), command.get());
			}
			catch (RedisConnectionLostException | RedisOperationTimeoutException ex) {
				if (attempt >= this.readAttempts) {
					throw ex;
				}
				logRetry(operation, attempt, ex);
				sleep(operation, backoff(attempt));
			}
		}
	}

	/** The non-blocking form of {@link #read(String, Supplier)}. */
	private <T> CompletableFuture<T> readAsync(String operation, Supplier<RedisFuture<T>> command, int attempt) {
		CompletableFuture<T> result = async(operation, start(), command.get());
		if (attempt >= this.readAttempts) {
			return result;
		}
		return result.handle((value, error) -> {
			if (error == null) {
				return CompletableFuture.completedFuture(value);
			}
			Throwable cause = Failures.unwrap(error);
			if (!Failures.isUnavailable(cause)) {
				return CompletableFuture.<T>failedFuture(cause);
			}
			logRetry(operation, attempt, cause);
			Duration wait = backoff(attempt);
			return CompletableFuture
				.runAsync(() -> { }, CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS))
				.thenCompose((ignored) -> readAsync(operation, command, attempt + 1));
		}).thenCompose((next) -> next);
	}

	private Duration backoff(int attempt) {
		return this.readBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
	}

	private void logRetry(String operation, int attempt, Throwable error) {
		logger.atDebug()
			.addKeyValue("operation", operation)
			.addKeyValue("attempt", attempt)
			.addKeyValue("outcome", "retry")
			.log("Retrying a read after: {}", error.getMessage());
	}

	private static void sleep(String operation, Duration wait) {
		if (wait.isZero()) {
			return;
		}
		try {
			Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EarnbaseRedisException(operation, "interrupted while waiting to retry", ex);
		}
	}

	private static SetArgs px(Duration expire) {
		return SetArgs.Builder.px(expire.toMillis());
	}

	private long start() {
		return (this.metrics != null) ? System.nanoTime() : 0L;
	}

	private <T> T await(String operation, long start, CompletionStage<T> stage) {
		CompletableFuture<T> future = stage.toCompletableFuture();
		try {
			T value = future.get(this.awaitNanos, TimeUnit.NANOSECONDS);
			record(operation, start, true);
			return value;
		}
		catch (ExecutionException ex) {
			record(operation, start, false);
			throw translate(operation, ex.getCause());
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			record(operation, start, false);
			throw new RedisOperationTimeoutException(operation, this.timeout, null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			record(operation, start, false);
			throw new EarnbaseRedisException(operation, "interrupted while waiting for Redis", ex);
		}
		catch (CancellationException ex) {
			record(operation, start, false);
			throw new RedisConnectionLostException(operation, "the command was cancelled", ex);
		}
	}

	private void record(String operation, long start, boolean success) {
		if (this.metrics != null && start != 0L) {
			this.metrics.record(operation, start, success);
		}
	}

	private <T> void complete(CompletableFuture<T> result, String operation, long start, T value, Throwable error) {
		record(operation, start, error == null);
		if (error == null) {
			result.complete(value);
		}
		else {
			result.completeExceptionally(translate(operation, error));
		}
	}

	private <T> CompletableFuture<T> async(String operation, long start, RedisFuture<T> future) {
		CompletableFuture<T> result = new CompletableFuture<>();
		future.whenComplete((value, error) -> complete(result, operation, start, value, error));
		return result;
	}

	/**
	 * Maps a Lettuce or JDK failure to this library's exception for the operation.
	 * @param operation the operation
	 * @param error the failure
	 * @return the exception to throw
	 */
	public EarnbaseRedisException translate(String operation, Throwable error) {
		Throwable cause = Failures.unwrap(error);
		if (cause instanceof EarnbaseRedisException known) {
			return known;
		}
		if (cause instanceof RedisCommandTimeoutException || cause instanceof TimeoutException) {
			return new RedisOperationTimeoutException(operation, this.timeout, cause);
		}
		if (cause instanceof RedisCommandExecutionException) {
			return new RedisCommandFailedException(operation, cause.getMessage(), cause);
		}
		if (cause instanceof RedisConnectionException || cause instanceof java.io.IOException
				|| cause instanceof CancellationException) {
			return new RedisConnectionLostException(operation, Failures.rootMessage(cause), cause);
		}
		if (cause instanceof io.lettuce.core.RedisException) {
			return new RedisConnectionLostException(operation, Failures.rootMessage(cause), cause);
		}
		return new EarnbaseRedisException(operation, Failures.rootMessage(cause), cause);
	}

	/**
	 * The Netty customizer that consolidates flushes, for Lettuce resources the client does not create itself (the
	 * starter adds it to Spring Boot's shared resources).
	 * @return a new customizer
	 */
	public static NettyCustomizer flushConsolidation() {
		return new FlushConsolidation();
	}

	/**
	 * Puts Netty's {@link FlushConsolidationHandler} first in every channel's pipeline: a flush requested while a
	 * read is in progress waits for the read to complete, any other waits for one event-loop task, so commands
	 * queued meanwhile leave in one write. Lettuce flushes after every command otherwise.
	 */
	private static final class FlushConsolidation implements NettyCustomizer {

		/** Flush at the latest after this many consolidated flushes (Netty's default). */
		private static final int MAX_CONSOLIDATED = 256;

		@Override
		public void afterChannelInitialized(Channel channel) {
			channel.pipeline().addFirst(new FlushConsolidationHandler(MAX_CONSOLIDATED, true));
		}

	}

	/**
	 * Logs connection events of this client with the redacted URL: losses and recoveries at INFO, routine opens
	 * (a cluster opens a connection per node at every topology refresh) at DEBUG.
	 */
	private final class ConnectionLogger implements RedisConnectionStateListener {

		/** Weak, so that a connection closed while it was down is not kept. */
		private final Set<RedisChannelHandler<?, ?>> lost = Collections.synchronizedSet(
				Collections.newSetFromMap(new WeakHashMap<>()));

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
			boolean recovered = this.lost.remove(connection);
			logger.atLevel(recovered ? Level.INFO : Level.DEBUG)
				.addKeyValue("operation", recovered ? "reconnected" : "connected")
				.addKeyValue("server", LettuceRedisClient.this.redactedUrl)
				.addKeyValue("address", String.valueOf(socketAddress))
				.log(recovered ? "Redis connection restored" : "Redis connection up");
		}

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			// Closed on purpose (a cluster's topology refresh closes its connections after reading the nodes).
			if (!LettuceRedisClient.this.closed && !connection.isClosed()) {
				this.lost.add(connection);
				logger.atInfo()
					.addKeyValue("operation", "disconnected")
					.addKeyValue("server", LettuceRedisClient.this.redactedUrl)
					.log("Redis connection lost; reconnecting");
			}
		}

		@Override
		public void onRedisExceptionCaught(RedisChannelHandler<?, ?> connection, Throwable cause) {
			logger.atWarn()
				.addKeyValue("operation", "connection")
				.addKeyValue("server", LettuceRedisClient.this.redactedUrl)
				.log("Redis connection error: {}", Failures.rootMessage(cause));
		}

	}

	/**
	 * Fails the {@link #dispatchAtMostOnce} commands still waiting for a reply when the command connection drops.
	 * Lettuce calls this on the event loop after moving the unanswered commands to its replay buffer and before
	 * it schedules the reconnect, so a command completed here is skipped by the replay. A connection closed on
	 * purpose replays nothing (Lettuce cancels what it carried), so it fails nothing here: a cluster's topology
	 * refresh opens and closes a connection per node at connect and every refresh period.
	 */
	private final class AtMostOnceGuard implements RedisConnectionStateListener {

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			if (connection.isClosed() || connection instanceof StatefulRedisPubSubConnection
					|| (!isCluster() && connection != LettuceRedisClient.this.connection)) {
				return;
			}
			for (AsyncCommand<String, String, ?> command : LettuceRedisClient.this.atMostOnce) {
				command.completeExceptionally(new RedisConnectionException("the connection closed before Redis "
						+ "answered; the command may or may not have been applied, and is not sent again"));
			}
		}

	}

	/** The non-blocking operations; same checks, same prefixing. */
	private final class Async implements AsyncRedisClient {

		@Override
		public CompletableFuture<String> get(String key) {
			String k = key(key);
			return readAsync("get", () -> LettuceRedisClient.this.commands.get(k), 1);
		}

		@Override
		public CompletableFuture<Void> set(String key, String value) {
			String k = key(key);
			checkValue(value);
			long start = start();
			return async("set", start, (LettuceRedisClient.this.defaultTtl != null)
					? LettuceRedisClient.this.commands.set(k, value, px(LettuceRedisClient.this.defaultTtl))
					: LettuceRedisClient.this.commands.set(k, value))
				.thenApply((ok) -> null);
		}

		@Override
		public CompletableFuture<Void> set(String key, String value, Duration expire) {
			String k = key(key);
			checkValue(value);
			SetArgs args = px(Arguments.requirePositive("expire", expire));
			long start = start();
			return async("set", start, LettuceRedisClient.this.commands.set(k, value, args)).thenApply((ok) -> null);
		}

		@Override
		public CompletableFuture<Boolean> setIfAbsent(String key, String value, Duration expire) {
			String k = key(key);
			checkValue(value);
			SetArgs args = px(Arguments.requirePositive("expire", expire)).nx();
			long start = start();
			return async("set", start, setAtMostOnce(k, value, args)).thenApply("OK"::equals);
		}

		@Override
		public CompletableFuture<Boolean> exists(String key) {
			String k = key(key);
			return readAsync("exists", () -> LettuceRedisClient.this.commands.exists(k), 1).thenApply((n) -> n > 0);
		}

		@Override
		public CompletableFuture<Boolean> delete(String key) {
			String k = key(key);
			long start = start();
			return async("del", start, LettuceRedisClient.this.commands.del(k)).thenApply((n) -> n > 0);
		}

		@Override
		public CompletableFuture<Boolean> expire(String key, Duration expire) {
			String k = key(key);
			long millis = Arguments.requirePositive("expire", expire).toMillis();
			long start = start();
			return async("pexpire", start, LettuceRedisClient.this.commands.pexpire(k, millis))
				.thenApply(Boolean.TRUE::equals);
		}

		@Override
		public CompletableFuture<Long> ttl(String key) {
			String k = key(key);
			return readAsync("ttl", () -> LettuceRedisClient.this.commands.ttl(k), 1);
		}

		@Override
		public CompletableFuture<Long> increment(String key) {
			String k = key(key);
			long start = start();
			return async("incr", start, incrAtMostOnce(k));
		}

		@Override
		public <T> CompletableFuture<T> getJson(String key, Class<T> type) {
			return readJson(key, LettuceRedisClient.this.json.type(type));
		}

		@Override
		public <T> CompletableFuture<T> getJson(String key, TypeReference<T> type) {
			return readJson(key, LettuceRedisClient.this.json.type(type));
		}

		private <T> CompletableFuture<T> readJson(String key, JavaType type) {
			String k = key(key);
			return readAsync("get", () -> LettuceRedisClient.this.commands.get(k), 1)
				.thenApply((text) -> LettuceRedisClient.this.json.read("get", k, text, type));
		}

		@Override
		public CompletableFuture<Void> setJson(String key, Object value) {
			String k = key(key);
			String text = checkValue(LettuceRedisClient.this.json.write("set", k, Arguments.requireNonNull("value", value)));
			return (LettuceRedisClient.this.defaultTtl != null) ? writeJson(k, text, px(LettuceRedisClient.this.defaultTtl))
					: async("set", start(), LettuceRedisClient.this.commands.set(k, text)).thenApply((ok) -> null);
		}

		@Override
		public CompletableFuture<Void> setJson(String key, Object value, Duration expire) {
			String k = key(key);
			SetArgs args = px(Arguments.requirePositive("expire", expire));
			String text = checkValue(LettuceRedisClient.this.json.write("set", k, Arguments.requireNonNull("value", value)));
			return writeJson(k, text, args);
		}

		private CompletableFuture<Void> writeJson(String k, String text, SetArgs args) {
			long start = start();
			return async("set", start, LettuceRedisClient.this.commands.set(k, text, args)).thenApply((ok) -> null);
		}

		@Override
		public CompletableFuture<Long> publish(String channel, String message) {
			String c = channel(channel);
			checkValue(message);
			long start = start();
			return async("publish", start, publishAtMostOnce(c, message));
		}

		@Override
		public CompletableFuture<Duration> ping() {
			ensureOpen();
			long start = System.nanoTime();
			return async("ping", start(), LettuceRedisClient.this.commands.ping())
				.thenApply((pong) -> Duration.ofNanos(System.nanoTime() - start));
		}

	}

}
