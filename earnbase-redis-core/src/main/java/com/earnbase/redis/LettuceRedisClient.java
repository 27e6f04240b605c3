package com.earnbase.redis;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import com.earnbase.redis.CommandExecutor.ApiCommand;
import com.earnbase.redis.support.Arguments;
import com.earnbase.redis.support.ChannelHub;
import com.earnbase.redis.support.KeyTracking;
import com.earnbase.redis.support.Json;
import com.earnbase.redis.support.PrimitiveSupport;
import com.earnbase.redis.support.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.resource.NettyCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * The {@link RedisClient} on Lettuce: one shared multiplexed connection for every command
 * (concurrent callers are pipelined on it) and, on first use, one dedicated connection
 * for pub/sub.
 * <p>
 * Besides the {@link RedisClient} operations it gives the library's primitives what they
 * build on ({@link PrimitiveSupport}). The work is done by package-private parts:
 * {@link LettuceConnector} connects, {@link CommandExecutor} times, awaits and translates
 * every command ({@link ClientCommands} are the API's), {@link AtMostOnceDispatcher}
 * sends the commands that must not run twice, {@link ScriptRunner} runs scripts,
 * {@link Names} checks names and values.
 */
public final class LettuceRedisClient implements RedisClient, PrimitiveSupport {

	/**
	 * Without an application registry: a composite with no registries hands out meters
	 * that record nothing.
	 */
	private static final MeterRegistry NO_METERS = new CompositeMeterRegistry();

	/** The service name of the tracing spans. */
	public static final String TRACING_SERVICE_NAME = "earnbase-redis";

	/**
	 * The longest key or channel accepted, in UTF-8 bytes, prefix excluded: longer ones
	 * are taken for a bug.
	 */
	public static final int MAX_KEY_BYTES = Names.MAX_KEY_BYTES;

	private final ClientSettings settings;

	private final Names names;

	/**
	 * SET with the default TTL, if there is one: the plain writes of the sync and async
	 * API.
	 */
	final ApiCommand<String, String, String> setWithDefaultTtl;

	private final Json json;

	private final LettuceConnector connector;

	private final StatefulConnection<String, String> connection;

	private final RedisClusterAsyncCommands<String, String> commands;

	private final CommandExecutor executor;

	private final AtMostOnceDispatcher atMostOnce;

	private final ScriptRunner scripts;

	private final LettuceAsyncRedisClient async;

	/**
	 * The one owner of the pub/sub connection; opens it through the connector on first
	 * use.
	 */
	private final LettuceChannelHub hub;

	/** The key trackings open now, closed with the client. */
	private final Set<LettuceKeyTracking> trackings = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	LettuceRedisClient(RedisClientBuilder builder) {
		ClientSettings settings = new ClientSettings(builder);
		this.settings = settings;
		this.names = new Names(settings.prefix, settings.maxValueBytes);
		this.setWithDefaultTtl = ClientCommands.setWithTtl(settings.defaultTtl);
		this.json = settings.json;
		this.atMostOnce = new AtMostOnceDispatcher(settings.isCluster());
		this.connector = new LettuceConnector(settings, new ConnectionLogger(settings.redactedUrl, () -> this.closed),
				this.atMostOnce);
		this.connection = this.connector.connection();
		this.commands = this.connector.commands();
		this.atMostOnce.connected(this.connection);
		this.executor = new CommandExecutor(settings, this.commands);
		this.scripts = new ScriptRunner(this.executor, this.atMostOnce, this.commands);
		this.async = new LettuceAsyncRedisClient(this, this.executor, this.connection, this.atMostOnce);
		this.hub = new LettuceChannelHub(this.connector::connectPubSub);
	}

	// --- RedisClient
	// -------------------------------------------------------------------------------------

	@Override
	public String get(String key) {
		return this.executor.read(ClientCommands.GET, key(key), null);
	}

	@Override
	public void set(String key, String value) {
		String k = key(key);
		this.executor.sync(this.setWithDefaultTtl, k, checkValue(value));
	}

	@Override
	public void set(String key, String value, Duration expire) {
		String k = key(key);
		checkValue(value);
		SetArgs args = ClientCommands.px(Arguments.requirePositive("expire", expire));
		this.executor.sync(ClientCommands.SET_WITH_ARGS, ClientCommands.set(k, value, args), this.connection);
	}

	@Override
	public boolean setIfAbsent(String key, String value, Duration expire) {
		String k = key(key);
		checkValue(value);
		SetArgs args = ClientCommands.px(Arguments.requirePositive("expire", expire)).nx();
		return "OK".equals(this.executor.sync(ClientCommands.SET_AT_MOST_ONCE, ClientCommands.set(k, value, args),
				this.atMostOnce));
	}

	@Override
	public boolean exists(String key) {
		return this.executor.read(ClientCommands.EXISTS, key(key), null) > 0;
	}

	@Override
	public boolean delete(String key) {
		return this.executor.sync(ClientCommands.DEL, key(key), null) > 0;
	}

	@Override
	public boolean expire(String key, Duration expire) {
		String k = key(key);
		Arguments.requirePositive("expire", expire);
		return Boolean.TRUE.equals(this.executor.sync(ClientCommands.PEXPIRE, k, expire));
	}

	@Override
	public long ttl(String key) {
		return this.executor.read(ClientCommands.TTL, key(key), null);
	}

	@Override
	public long increment(String key) {
		return this.executor.sync(ClientCommands.INCR_AT_MOST_ONCE, key(key), this.atMostOnce);
	}

	@Override
	public <T> T getJson(String key, Class<T> type) {
		return readJson(key, JsonType.of(type));
	}

	@Override
	public <T> T getJson(String key, JsonType<T> type) {
		return readJson(key, type);
	}

	private <T> T readJson(String key, JsonType<T> type) {
		String k = key(key);
		Arguments.requireNonNull("type", type);
		return this.json.read("get", k, this.executor.read(ClientCommands.GET, k, null), type);
	}

	@Override
	public void setJson(String key, Object value) {
		String k = key(key);
		String text = checkValue(this.json.write("set", k, Arguments.requireNonNull("value", value)));
		this.executor.sync(this.setWithDefaultTtl, k, text);
	}

	@Override
	public void setJson(String key, Object value, Duration expire) {
		String k = key(key);
		SetArgs args = ClientCommands.px(Arguments.requirePositive("expire", expire));
		String text = checkValue(this.json.write("set", k, Arguments.requireNonNull("value", value)));
		this.executor.sync(ClientCommands.SET_WITH_ARGS, ClientCommands.set(k, text, args), this.connection);
	}

	@Override
	public long publish(String channel, String message) {
		String c = channel(channel);
		checkValue(message);
		return this.executor.sync(ClientCommands.PUBLISH_AT_MOST_ONCE, ClientCommands.publish(c, message),
				this.atMostOnce);
	}

	@Override
	public Duration ping() {
		ensureOpen();
		long start = System.nanoTime();
		this.executor.sync(ClientCommands.PING, null, null);
		return Duration.ofNanos(System.nanoTime() - start);
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
		this.connector.drain(this.executor.awaitNanos());
		for (LettuceKeyTracking tracking : List.copyOf(this.trackings)) {
			tracking.close();
		}
		this.hub.close();
		this.connector.close();
	}

	// --- For the primitives
	// ------------------------------------------------------------------------------

	@Override
	public String key(String key) {
		String k = this.names.prefixed("key", key);
		ensureOpen();
		return k;
	}

	@Override
	public String channel(String channel) {
		String c = this.names.prefixed("channel", channel);
		ensureOpen();
		return c;
	}

	@Override
	public String prefix() {
		return this.names.prefix();
	}

	@Override
	public String checkValue(String value) {
		return this.names.checkValue(value);
	}

	@Override
	public Duration defaultTtl() {
		return this.settings.defaultTtl;
	}

	/**
	 * The command timeout.
	 * @return the timeout
	 */
	public Duration timeout() {
		return this.settings.timeout;
	}

	@Override
	public Json json() {
		return this.json;
	}

	@Override
	public MeterRegistry meterRegistry() {
		return (this.settings.meterRegistry != null) ? this.settings.meterRegistry : NO_METERS;
	}

	@Override
	public Duration commandTimeout() {
		return this.settings.timeout;
	}

	@Override
	public boolean isCluster() {
		return this.settings.isCluster();
	}

	@Override
	public <T> T await(String operation, CompletionStage<T> future) {
		return this.executor.await(operation, future);
	}

	@Override
	public <T> T awaitSubscription(String operation, CompletionStage<T> confirmation) {
		return this.executor.awaitConnecting(operation, confirmation);
	}

	@Override
	public EarnbaseRedisException translate(String operation, Throwable error) {
		return this.executor.translate(operation, error);
	}

	@Override
	public <T> CompletableFuture<T> call(String operation,
			Function<RedisClusterAsyncCommands<String, String>, ? extends CompletionStage<T>> command) {
		ensureOpen();
		return this.executor.call(operation, command);
	}

	@Override
	public CompletableFuture<Long> publishAtMostOnce(String channel, String message, boolean sharded) {
		ensureOpen();
		return this.executor.async(sharded ? ClientCommands.SPUBLISH_AT_MOST_ONCE : ClientCommands.PUBLISH_AT_MOST_ONCE,
				ClientCommands.publish(channel, message), this.atMostOnce);
	}

	@Override
	public <T> CompletableFuture<T> eval(RedisScript script, ScriptOutputType type, String[] keys, String... args) {
		ensureOpen();
		return this.scripts.eval(script, type, keys, args);
	}

	@Override
	public CompletableFuture<List<Object>> evalAtMostOnce(RedisScript script, String[] keys, String... args) {
		ensureOpen();
		return this.scripts.evalAtMostOnce(script, keys, args);
	}

	@Override
	public CompletableFuture<Long> waitForReplicas(String operation, String key, int replicas, Duration timeout) {
		ensureOpen();
		long timeoutMillis = Math.max(1, timeout.toMillis());
		if (!(this.connection instanceof StatefulRedisClusterConnection<String, String> cluster)) {
			return this.executor.call(operation, (commands) -> commands.waitForReplication(replicas, timeoutMillis));
		}
		// WAIT counts the writes of the connection it runs on: on a cluster, the one to
		// the key's master, the same connection (write intent, host and port) that
		// Lettuce routed the key's commands on.
		RedisClusterNode master = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
		if (master == null) {
			return CompletableFuture.failedFuture(
					this.executor.translate(operation, new IllegalStateException("no master serves the key")));
		}
		return this.executor.call(operation,
				(commands) -> cluster.getConnectionAsync(master.getUri().getHost(), master.getUri().getPort())
					.thenCompose((node) -> node.async().waitForReplication(replicas, timeoutMillis)));
	}

	@Override
	public ChannelHub channels() {
		return this.hub;
	}

	@Override
	public KeyTracking track(String keyPrefix, KeyTracking.Listener listener) {
		Arguments.requireText("keyPrefix", keyPrefix);
		Arguments.requireNonNull("listener", listener);
		if (this.settings.readFromReplicas) {
			throw new IllegalArgumentException("a near cache cannot be used with read-from-replicas "
					+ "(earnbase.redis.cluster.read-from-replicas, RedisClientBuilder.readFromReplicas): a replica may answer "
					+ "with a value whose invalidation already arrived, and the stale copy would stay");
		}
		ensureOpen();
		LettuceKeyTracking tracking = new LettuceKeyTracking(this.connector, keyPrefix, listener, this.settings,
				this.trackings::remove);
		this.trackings.add(tracking);
		return tracking;
	}

	/**
	 * The Netty customizer that consolidates flushes, for Lettuce resources the client
	 * does not create itself (the starter adds it to Spring Boot's shared resources).
	 * @return a new customizer
	 */
	public static NettyCustomizer flushConsolidation() {
		return new FlushConsolidation();
	}

	@Override
	public String toString() {
		return "LettuceRedisClient[" + this.settings.redactedUrl + ", prefix='" + prefix() + "']";
	}

	// --- internals
	// ---------------------------------------------------------------------------------------

	void ensureOpen() {
		if (this.closed) {
			throw new IllegalStateException("RedisClient is closed");
		}
	}

}
