package com.earnbase.redis.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import com.earnbase.redis.EarnbaseRedisException;
import com.earnbase.redis.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Everything a primitive may use of the client it is built on: names and limits,
 * settings, timed and translated execution, scripts, at-most-once publish and the shared
 * pub/sub hub. Internal: for the library's primitives, not an application API; it may
 * change in any release.
 */
public interface PrimitiveSupport {

	/**
	 * The support of a client the library built, for a primitive's constructor.
	 * @param client a client from {@link RedisClient#connect(String)} or
	 * {@link RedisClient#builder()}
	 * @return the client's support
	 * @throws IllegalArgumentException when the client is null or was not built by this
	 * library
	 */
	static PrimitiveSupport of(RedisClient client) {
		Arguments.requireNonNull("client", client);
		if (client instanceof PrimitiveSupport support) {
			return support;
		}
		throw new IllegalArgumentException("client is a " + client.getClass().getName()
				+ ", not a RedisClient built by RedisClient.connect(url) or RedisClient.builder(): the primitives "
				+ "need the library's own client");
	}

	// --- names and limits
	// ------------------------------------------------------------------------------------

	/**
	 * The Redis key of an application key: checked, then prefixed.
	 * @param key the application key
	 * @return the Redis key
	 * @throws IllegalArgumentException when the key is null, blank or too long
	 */
	String key(String key);

	/**
	 * The Redis channel of an application channel: checked, then prefixed.
	 * @param channel the application channel
	 * @return the Redis channel
	 * @throws IllegalArgumentException when the channel is null, blank or too long
	 */
	String channel(String channel);

	/**
	 * The key prefix including its trailing colon, or an empty string.
	 * @return the prefix
	 */
	String prefix();

	/**
	 * Checks the size of a value about to be written.
	 * @param value the value
	 * @return the value
	 * @throws IllegalArgumentException when null or larger than the configured limit
	 */
	String checkValue(String value);

	// --- settings
	// --------------------------------------------------------------------------------------------

	/**
	 * The client's default TTL of writes, or null when there is none.
	 * @return the default TTL, or null
	 */
	Duration defaultTtl();

	/**
	 * Whether the client talks to a Redis Cluster.
	 * @return true for a cluster
	 */
	boolean isCluster();

	/**
	 * The client's JSON codec, with errors naming the operation and key.
	 * @return the codec
	 */
	Json json();

	/**
	 * The command timeout: how long a command may take before it fails with a timeout.
	 * @return the timeout
	 */
	Duration commandTimeout();

	/**
	 * The registry primitives record their meters in: the application's, or a registry
	 * that records nothing.
	 * @return the registry, never null
	 */
	MeterRegistry meterRegistry();

	// --- execution
	// -------------------------------------------------------------------------------------------

	/**
	 * Runs commands on the shared connection, timed under {@code operation} in
	 * {@code earnbase.redis.command} and with failures translated to
	 * {@link EarnbaseRedisException}s naming the operation. Keys are used as given:
	 * callers prefix them. Commands sent here may be re-sent by Lettuce after a
	 * reconnect: use them for idempotent work only.
	 * @param <T> the result type
	 * @param operation the operation, named in the timer's tag and in errors
	 * @param command what to send
	 * @return the result
	 */
	<T> CompletableFuture<T> call(String operation,
			Function<RedisClusterAsyncCommands<String, String>, ? extends CompletionStage<T>> command);

	/**
	 * Waits for a future of this client for at most the command timeout and translates
	 * its failure. The wait itself is not timed: time the command with {@link #call},
	 * {@link #eval} or {@link #evalAtMostOnce}.
	 * @param <T> the result type
	 * @param operation the operation, named in errors
	 * @param future the future
	 * @return the result
	 * @throws EarnbaseRedisException when the command failed or timed out
	 */
	<T> T await(String operation, CompletionStage<T> future);

	/**
	 * Waits for a subscription's confirmation, which may first have to open the pub/sub
	 * connection: for at most the connect timeout plus the command timeout.
	 * @param <T> the result type
	 * @param operation the operation, named in errors
	 * @param confirmation the confirmation
	 * @return the result
	 * @throws EarnbaseRedisException when the subscription failed or timed out
	 */
	<T> T awaitSubscription(String operation, CompletionStage<T> confirmation);

	/**
	 * Translates a failure of this client into the library's exceptions.
	 * @param operation the operation, named in the exception
	 * @param error the failure
	 * @return the translated exception
	 */
	EarnbaseRedisException translate(String operation, Throwable error);

	/**
	 * Runs a Lua script by EVALSHA, loading it with EVAL when the server does not know
	 * it; timed under the script's name.
	 * @param <T> the result type
	 * @param script the script
	 * @param type the result type
	 * @param keys the keys, already prefixed
	 * @param args the arguments
	 * @return the result; failures are {@link EarnbaseRedisException}s naming the script
	 */
	<T> CompletableFuture<T> eval(RedisScript script, ScriptOutputType type, String[] keys, String... args);

	/**
	 * Runs a Lua script like {@link #eval} and waits for its result.
	 * @param <T> the result type
	 * @param script the script
	 * @param type the result type
	 * @param keys the keys, already prefixed
	 * @param args the arguments
	 * @return the result
	 * @throws EarnbaseRedisException when the script failed or timed out
	 */
	default <T> T evalSync(RedisScript script, ScriptOutputType type, String[] keys, String... args) {
		return await(script.name(), eval(script, type, keys, args));
	}

	/**
	 * Runs a Lua script like {@link #eval}, but sends it at most once: when its
	 * connection drops before the reply it fails with a connection error (it may or may
	 * not have run) instead of being sent again after the reconnect.
	 * @param script the script
	 * @param keys the keys, already prefixed
	 * @param args the arguments
	 * @return the reply as a (nested) list; failures are {@link EarnbaseRedisException}s
	 * naming the script
	 */
	CompletableFuture<List<Object>> evalAtMostOnce(RedisScript script, String[] keys, String... args);

	/**
	 * Publishes at most once (PUBLISH, or SPUBLISH for a shard channel), timed under the
	 * command's name.
	 * @param channel the channel, already prefixed
	 * @param message the message
	 * @param sharded SPUBLISH to a shard channel (Redis 7 Cluster) instead of PUBLISH
	 * @return the number of receivers Redis reports
	 */
	CompletableFuture<Long> publishAtMostOnce(String channel, String message, boolean sharded);

	/**
	 * Waits until at least {@code replicas} replicas acknowledged every write this client
	 * sent so far to the node that serves {@code key} ({@code WAIT} on the connection
	 * that carried those writes: the shared connection, or on a cluster the connection to
	 * the key's master), or until {@code timeout} passed; timed under {@code operation}.
	 * Send it after the write's reply: it covers the writes sent before it. While it
	 * waits, Redis answers no later command of that connection.
	 * @param operation the operation, named in the timer's tag and in errors
	 * @param key the key written, already prefixed
	 * @param replicas how many replicas must acknowledge
	 * @param timeout the longest wait, shorter than the command timeout
	 * @return the number of replicas that acknowledged (may be less than asked)
	 */
	CompletableFuture<Long> waitForReplicas(String operation, String key, int replicas, Duration timeout);

	/**
	 * The hub that owns the client's pub/sub connection and dispatches its messages.
	 * @return the hub
	 */
	ChannelHub channels();

	/**
	 * Starts server-assisted invalidation of the keys under a prefix, waiting until every
	 * node tracks them.
	 * @param keyPrefix the key prefix, already prefixed with the client's
	 * @param listener receives the invalidations
	 * @return the tracking; its owner closes it (the client closes it too)
	 * @throws IllegalArgumentException when the client reads from replicas, which may
	 * answer with a value already invalidated
	 * @throws EarnbaseRedisException when a node cannot be reached or refuses tracking
	 * (before Redis 6, or when the user may not run CLIENT)
	 */
	KeyTracking track(String keyPrefix, KeyTracking.Listener listener);

}
