package com.earnbase.redis;

import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import com.earnbase.redis.json.JsonCodec;
import com.earnbase.redis.json.JsonCodecs;
import com.earnbase.redis.support.Arguments;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * Builds a {@link LettuceRedisClient}. Every setting is checked in {@link #build()},
 * before any connection is made.
 */
public final class RedisClientBuilder {

	/** Default command timeout. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	/** Default connect timeout. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Default time between two topology refreshes on a cluster. */
	public static final Duration DEFAULT_CLUSTER_REFRESH_PERIOD = Duration.ofSeconds(30);

	/** Default largest value accepted by a write: 16 MiB. */
	public static final long DEFAULT_MAX_VALUE_BYTES = 16L * 1024 * 1024;

	/**
	 * Default bound on the commands one connection holds without a reply: 10,000. A
	 * healthy connection holds throughput times latency (100,000 commands a second at 1
	 * ms: 100), so the bound is reached only when Redis stalls or vanishes; 10,000 small
	 * commands take a few MB of heap.
	 */
	public static final int DEFAULT_MAX_QUEUED_COMMANDS = 10_000;

	/** Default time between two TCP keepalive probes, once {@link #keepAlive} is set. */
	public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(5);

	/**
	 * Default number of unanswered TCP keepalive probes before the connection is dropped,
	 * once {@link #keepAlive} is set.
	 */
	public static final int DEFAULT_KEEP_ALIVE_COUNT = 3;

	String url = "redis://localhost:6379";

	List<String> clusterNodes = List.of();

	Integer db;

	String prefix;

	Duration defaultTtl;

	Duration timeout = DEFAULT_TIMEOUT;

	Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

	long maxValueBytes = DEFAULT_MAX_VALUE_BYTES;

	MeterRegistry meterRegistry;

	JsonCodec jsonCodec;

	ClientResources clientResources;

	boolean readFromReplicas;

	Duration clusterRefreshPeriod = DEFAULT_CLUSTER_REFRESH_PERIOD;

	ObservationRegistry observationRegistry;

	String username;

	String password;

	TrustManagerFactory trustManagers;

	KeyManagerFactory keyManagers;

	int readAttempts = 1;

	Duration readBackoff = Duration.ZERO;

	boolean flushConsolidation = true;

	int maxQueuedCommands = DEFAULT_MAX_QUEUED_COMMANDS;

	Duration tcpUserTimeout;

	Duration keepAliveIdle;

	Duration keepAliveInterval;

	int keepAliveCount;

	String sentinelUsername;

	String sentinelPassword;

	Boolean sentinelSsl;

	RedisClientBuilder() {
	}

	/**
	 * The server: {@code redis://[user:password@]host[:port][/db]}, {@code rediss://} for
	 * TLS, or {@code redis-sentinel://host:26379[,host2:26379][/db]#masterName}. For a
	 * cluster, the URL supplies only the credentials and TLS; the nodes come from
	 * {@link #clusterNodes(List)}.
	 * @param url the URL
	 * @return this builder
	 */
	public RedisClientBuilder url(String url) {
		this.url = url;
		return this;
	}

	/**
	 * Connects to a Redis Cluster through these seed nodes instead of the URL's host.
	 * @param nodes {@code host:port} entries; empty for a standalone or Sentinel setup
	 * @return this builder
	 */
	public RedisClientBuilder clusterNodes(List<String> nodes) {
		this.clusterNodes = (nodes != null) ? List.copyOf(nodes) : List.of();
		return this;
	}

	/**
	 * The database index, overriding the URL's. Not available on a cluster.
	 * @param db the index, zero or more
	 * @return this builder
	 */
	public RedisClientBuilder db(int db) {
		this.db = db;
		return this;
	}

	/**
	 * The prefix of every key and channel: with {@code myapp}, key {@code user:1} is
	 * stored as {@code myapp:user:1}.
	 * @param prefix the prefix, or null or empty for none
	 * @return this builder
	 */
	public RedisClientBuilder prefix(String prefix) {
		this.prefix = prefix;
		return this;
	}

	/**
	 * The TTL of writes that give none; null for no expiry.
	 * @param defaultTtl the TTL, positive, or null
	 * @return this builder
	 */
	public RedisClientBuilder defaultTtl(Duration defaultTtl) {
		this.defaultTtl = defaultTtl;
		return this;
	}

	/**
	 * How long a command may take before it fails with
	 * {@link RedisOperationTimeoutException}.
	 * @param timeout the timeout, positive
	 * @return this builder
	 */
	public RedisClientBuilder timeout(Duration timeout) {
		this.timeout = timeout;
		return this;
	}

	/**
	 * How long opening a connection may take.
	 * @param connectTimeout the timeout, positive
	 * @return this builder
	 */
	public RedisClientBuilder connectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
		return this;
	}

	/**
	 * The largest value, in UTF-8 bytes, that a write accepts; larger ones are rejected
	 * before sending.
	 * @param maxValueBytes the limit, positive
	 * @return this builder
	 */
	public RedisClientBuilder maxValueBytes(long maxValueBytes) {
		this.maxValueBytes = maxValueBytes;
		return this;
	}

	/**
	 * Records the {@code earnbase.redis.command} timer (and the primitives' meters) here;
	 * none when null.
	 * @param meterRegistry the registry, or null
	 * @return this builder
	 */
	public RedisClientBuilder meterRegistry(MeterRegistry meterRegistry) {
		this.meterRegistry = meterRegistry;
		return this;
	}

	/**
	 * How values are converted to and from JSON, e.g.
	 * {@code new Jackson3JsonCodec(applicationMapper)}; when null,
	 * {@link JsonCodecs#defaultCodec()} (the library's wire format on the Jackson on the
	 * classpath).
	 * @param jsonCodec the codec, or null
	 * @return this builder
	 */
	public RedisClientBuilder jsonCodec(JsonCodec jsonCodec) {
		this.jsonCodec = jsonCodec;
		return this;
	}

	/**
	 * Lettuce resources (event loops, metrics) to share; the client then does not shut
	 * them down. When null the client creates its own, with Lettuce's command-latency
	 * collector off.
	 * @param clientResources the resources, or null
	 * @return this builder
	 */
	public RedisClientBuilder clientResources(ClientResources clientResources) {
		this.clientResources = clientResources;
		return this;
	}

	/**
	 * On a cluster, read from replicas when one is available (reads may then be slightly
	 * stale). Off by default.
	 * @param readFromReplicas whether to prefer replicas for reads
	 * @return this builder
	 */
	public RedisClientBuilder readFromReplicas(boolean readFromReplicas) {
		this.readFromReplicas = readFromReplicas;
		return this;
	}

	/**
	 * On a cluster, how often the client reloads the topology (slots, masters, replicas)
	 * besides the refreshes that MOVED and ASK redirects and reconnects trigger. 30
	 * seconds by default.
	 * @param period the period, positive
	 * @return this builder
	 */
	public RedisClientBuilder clusterRefreshPeriod(Duration period) {
		this.clusterRefreshPeriod = period;
		return this;
	}

	/**
	 * Reports every command as a Micrometer Observation (tracing spans named after the
	 * command, never carrying keys or values) when the client creates its own Lettuce
	 * resources; shared resources keep their own tracing.
	 * @param observationRegistry the registry, or null for none
	 * @return this builder
	 */
	public RedisClientBuilder observationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
		return this;
	}

	/**
	 * The ACL user name, overriding the URL's.
	 * @param username the user name, or null to keep the URL's
	 * @return this builder
	 */
	public RedisClientBuilder username(String username) {
		this.username = username;
		return this;
	}

	/**
	 * The password, overriding the URL's. It is sent only in AUTH and never logged or
	 * shown in {@code toString()}.
	 * @param password the password, or null to keep the URL's
	 * @return this builder
	 */
	public RedisClientBuilder password(String password) {
		this.password = password;
		return this;
	}

	/**
	 * Connects with TLS using this trust material (which CAs to trust) and optionally a
	 * client certificate, for example from a Spring Boot SSL bundle. Setting it turns TLS
	 * on even for a {@code redis://} URL. The server's certificate is always verified,
	 * host name included; without this, {@code rediss://} trusts the JDK's CAs.
	 * @param trustManagers the trust managers, not null
	 * @param keyManagers the client certificate for mutual TLS, or null for none
	 * @return this builder
	 */
	public RedisClientBuilder ssl(TrustManagerFactory trustManagers, KeyManagerFactory keyManagers) {
		this.trustManagers = Arguments.requireNonNull("trustManagers", trustManagers);
		this.keyManagers = keyManagers;
		return this;
	}

	/**
	 * Retries the idempotent reads ({@code get}, {@code getJson}, {@code exists},
	 * {@code ttl}) that fail with {@link RedisConnectionLostException} or
	 * {@link RedisOperationTimeoutException}, waiting {@code backoff}, then twice that,
	 * and so on between attempts. Writes are never retried. Off (one attempt) by default;
	 * a read may then take up to {@code maxAttempts} command timeouts plus the waits.
	 * @param maxAttempts attempts in all, 1 for no retry
	 * @param backoff wait before the first retry, zero or more
	 * @return this builder
	 */
	public RedisClientBuilder retryReads(int maxAttempts, Duration backoff) {
		this.readAttempts = maxAttempts;
		this.readBackoff = backoff;
		return this;
	}

	/**
	 * Consolidates socket flushes with Netty's {@code FlushConsolidationHandler}:
	 * commands written while others are in flight leave in one write instead of one
	 * system call each (several times the throughput with many concurrent callers, see
	 * BENCHMARKS.md). Applies to the resources the client creates itself; shared
	 * {@link #clientResources(ClientResources)} keep their own Netty settings. On by
	 * default.
	 * @param flushConsolidation whether to consolidate flushes
	 * @return this builder
	 */
	public RedisClientBuilder flushConsolidation(boolean flushConsolidation) {
		this.flushConsolidation = flushConsolidation;
		return this;
	}

	/**
	 * The most commands one connection holds that were sent, or wait to be sent, without
	 * a reply yet (Lettuce's request queue). When Redis stalls or vanishes, further calls
	 * fail at once with {@link RedisQueueFullException} instead of queuing without bound
	 * and filling the heap. Commands that timed out still count until Redis answers them
	 * or the connection is replaced. On a cluster the bound holds per node connection.
	 * {@value #DEFAULT_MAX_QUEUED_COMMANDS} by default.
	 * @param maxQueuedCommands the bound, positive
	 * @return this builder
	 */
	public RedisClientBuilder maxQueuedCommands(int maxQueuedCommands) {
		this.maxQueuedCommands = maxQueuedCommands;
		return this;
	}

	/**
	 * Gives up a connection whose peer stays silent this long, so that a vanished server
	 * or a network that drops packets (no reset, no FIN) is detected within a bound
	 * instead of after the kernel's retransmissions (about 15 minutes); the client then
	 * reconnects by itself. With Netty's native epoll (or io_uring) transport on the
	 * classpath it is the socket's {@code TCP_USER_TIMEOUT}: the longest time sent data
	 * may stay unacknowledged. Without it (another OS, or the dependency missing) the
	 * client logs one WARN and closes a connection that has received nothing for this
	 * long (at least the command timeout) while a command waited for its reply. Off
	 * (null) by default.
	 * @param tcpUserTimeout the timeout, positive, or null for none
	 * @return this builder
	 */
	public RedisClientBuilder tcpUserTimeout(Duration tcpUserTimeout) {
		this.tcpUserTimeout = tcpUserTimeout;
		return this;
	}

	/**
	 * Tunes TCP keepalive, which is always on: after {@code idle} without traffic the
	 * kernel probes the peer every {@code interval} and drops the connection after
	 * {@code count} unanswered probes, which also finds a vanished server behind an idle
	 * connection (a pub/sub subscriber's, say). Needs the native epoll transport or JDK
	 * sockets with the extended keepalive options (Linux, macOS); elsewhere the client
	 * logs one WARN and the OS defaults (on Linux two hours idle) stay. The socket counts
	 * whole seconds. Off (OS defaults) by default.
	 * @param idle time without traffic before the first probe, whole seconds, at least 1
	 * s
	 * @param interval time between probes, whole seconds, at least 1 s
	 * @param count unanswered probes before the connection is dropped, positive
	 * @return this builder
	 */
	public RedisClientBuilder keepAlive(Duration idle, Duration interval, int count) {
		this.keepAliveIdle = Arguments.requireNonNull("keepAlive.idle", idle);
		this.keepAliveInterval = Arguments.requireNonNull("keepAlive.interval", interval);
		this.keepAliveCount = count;
		return this;
	}

	/**
	 * The ACL user the client authenticates as to the Sentinels (not to the data nodes,
	 * see {@link #username(String)}). Only with a {@code redis-sentinel://} URL.
	 * @param sentinelUsername the user name, or null for the default user
	 * @return this builder
	 */
	public RedisClientBuilder sentinelUsername(String sentinelUsername) {
		this.sentinelUsername = sentinelUsername;
		return this;
	}

	/**
	 * The password of the Sentinels themselves ({@code requirepass} in sentinel.conf),
	 * which the URL cannot carry: the URL's password is the data nodes'. Sent only in
	 * AUTH, never logged. Only with a {@code redis-sentinel://} URL.
	 * @param sentinelPassword the password, or null when the Sentinels need none
	 * @return this builder
	 */
	public RedisClientBuilder sentinelPassword(String sentinelPassword) {
		this.sentinelPassword = sentinelPassword;
		return this;
	}

	/**
	 * Whether the client speaks TLS to the Sentinels. By default it does when it speaks
	 * TLS to the data nodes ({@code rediss-sentinel://}, or {@link #ssl} set); this
	 * overrides it for deployments where only one side has TLS. The trust material of
	 * {@link #ssl} applies to both. Only with a Sentinel URL.
	 * @param sentinelSsl whether to use TLS to the Sentinels
	 * @return this builder
	 */
	public RedisClientBuilder sentinelSsl(boolean sentinelSsl) {
		this.sentinelSsl = sentinelSsl;
		return this;
	}

	/**
	 * Checks every setting, connects and returns the client.
	 * @return a connected client
	 * @throws IllegalArgumentException naming the setting when one is invalid
	 * @throws RedisConnectionLostException when the server cannot be reached within the
	 * connect timeout
	 */
	public LettuceRedisClient build() {
		return new LettuceRedisClient(this);
	}

}
