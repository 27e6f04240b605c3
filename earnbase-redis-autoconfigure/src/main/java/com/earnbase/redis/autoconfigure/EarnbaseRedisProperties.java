package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.earnbase.redis.RedisClientBuilder;
import com.earnbase.redis.support.RedisUrls;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the earnbase Redis client, under {@code earnbase.redis}: connection,
 * cluster, TLS, retries and server metrics; each primitive has its own properties under
 * {@code earnbase.redis.<primitive>}. Invalid values stop start-up with a message naming
 * the property (passwords masked).
 */
@ConfigurationProperties(EarnbaseRedisProperties.PREFIX)
public class EarnbaseRedisProperties implements InitializingBean {

	/** The prefix of every property of this starter. */
	public static final String PREFIX = "earnbase.redis";

	/**
	 * Redis server URL: redis://[user:password@]host[:port][/db], rediss:// for TLS, or
	 * redis-sentinel://host:26379[,host2:26379][/db]#masterName for Sentinel.
	 */
	private String url = "redis://localhost:6379";

	/** ACL user name; overrides the URL's when set. */
	private String username;

	/**
	 * Password (of the ACL user, or of requirepass); overrides the URL's when set. Never
	 * logged.
	 */
	private String password;

	/** Database index; overrides the URL's when set. */
	private Integer db;

	/**
	 * Prefix of every key and channel, e.g. 'myapp' stores key 'user:1' as
	 * 'myapp:user:1'.
	 */
	private String prefix;

	/**
	 * Default time to live of writes that give none; a bare number means seconds. No
	 * expiry when unset.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration ttl;

	/** How long a command may take before it fails. */
	private Duration timeout = RedisClientBuilder.DEFAULT_TIMEOUT;

	/** How long opening a connection may take. */
	private Duration connectTimeout = RedisClientBuilder.DEFAULT_CONNECT_TIMEOUT;

	/**
	 * Whether to consolidate socket flushes (Netty's FlushConsolidationHandler) on the
	 * client's connections and on Spring Boot's shared Lettuce resources: several times
	 * the throughput with many concurrent callers.
	 */
	private boolean flushConsolidation = true;

	/** Largest value a write accepts; larger ones are rejected before they are sent. */
	private DataSize maxValueSize = DataSize.ofBytes(RedisClientBuilder.DEFAULT_MAX_VALUE_BYTES);

	/**
	 * Most commands one connection holds without a reply; beyond it calls fail at once
	 * with RedisQueueFullException instead of filling the heap while Redis is slow or
	 * away. Per node connection on a cluster.
	 */
	private int maxQueuedCommands = RedisClientBuilder.DEFAULT_MAX_QUEUED_COMMANDS;

	/**
	 * How long a peer may stay silent (sent data unacknowledged) before the connection is
	 * given up and reopened: TCP_USER_TIMEOUT with Netty's native epoll transport on the
	 * classpath, else the client closes a connection that received nothing for this long
	 * (at least the command timeout) while a command waited. Off when unset.
	 */
	private Duration tcpUserTimeout;

	/** TCP keepalive timing (keepalive is always on; the OS's timing when unset). */
	private final KeepAlive keepAlive = new KeepAlive();

	/** Credentials and TLS of the Sentinels themselves (redis-sentinel:// URLs only). */
	private final Sentinel sentinel = new Sentinel();

	/** Redis Cluster settings. */
	private final Cluster cluster = new Cluster();

	/** TLS settings. */
	private final Ssl ssl = new Ssl();

	/** Retries of idempotent reads on connection errors and timeouts. */
	private final Retry retry = new Retry();

	/**
	 * Gauges of the server's INFO fields (memory, clients, keyspace hits and misses,
	 * evictions).
	 */
	private final ServerMetrics serverMetrics = new ServerMetrics();

	@Override
	public void afterPropertiesSet() {
		validate();
	}

	/**
	 * Checks every property.
	 * @throws InvalidRedisPropertyException naming the first invalid property
	 */
	public void validate() {
		try {
			RedisUrls.parse(PREFIX + ".url", this.url);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRedisPropertyException(PREFIX + ".url", RedisUrls.redact(this.url), ex.getMessage());
		}
		if (this.db != null && this.db < 0) {
			throw new InvalidRedisPropertyException(PREFIX + ".db", String.valueOf(this.db), "must not be negative");
		}
		if (this.prefix != null && !this.prefix.isEmpty() && this.prefix.isBlank()) {
			throw new InvalidRedisPropertyException(PREFIX + ".prefix", "'" + this.prefix + "'", "must not be blank");
		}
		positiveOrNull(PREFIX + ".ttl", this.ttl);
		positive(PREFIX + ".timeout", this.timeout);
		positive(PREFIX + ".connect-timeout", this.connectTimeout);
		positive(PREFIX + ".cluster.refresh-period", this.cluster.refreshPeriod);
		if (this.maxValueSize == null || this.maxValueSize.toBytes() <= 0) {
			throw new InvalidRedisPropertyException(PREFIX + ".max-value-size", String.valueOf(this.maxValueSize),
					"must be positive");
		}
		if (this.ssl.bundle != null && this.ssl.bundle.isBlank()) {
			throw new InvalidRedisPropertyException(PREFIX + ".ssl.bundle", "'" + this.ssl.bundle + "'",
					"must not be blank");
		}
		positive(PREFIX + ".max-queued-commands", this.maxQueuedCommands);
		positiveOrNull(PREFIX + ".tcp-user-timeout", this.tcpUserTimeout);
		this.keepAlive.validate(PREFIX + ".keep-alive");
		this.sentinel.validate(PREFIX + ".sentinel", this.url, !this.cluster.nodes.isEmpty());
		this.retry.validate(PREFIX + ".retry");
		positive(PREFIX + ".server-metrics.interval", this.serverMetrics.getInterval());
	}

	private static void positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidRedisPropertyException(property, String.valueOf(value), "must be positive");
		}
	}

	private static void positiveOrNull(String property, Duration value) {
		if (value != null) {
			positive(property, value);
		}
	}

	private static void positive(String property, int value) {
		if (value <= 0) {
			throw new InvalidRedisPropertyException(property, String.valueOf(value), "must be positive");
		}
	}

	/**
	 * The SSL bundle named by {@code earnbase.redis.ssl.bundle}.
	 * @param sslBundles the application's bundles, or null when it has none
	 * @return the bundle, or null when none is named
	 * @throws InvalidRedisPropertyException when the bundle does not exist
	 */
	public SslBundle sslBundle(SslBundles sslBundles) {
		String name = this.ssl.getBundle();
		if (name == null) {
			return null;
		}
		String property = PREFIX + ".ssl.bundle";
		String define = "; define it under spring.ssl.bundle.pem." + name + " or .jks." + name;
		if (sslBundles == null) {
			throw new InvalidRedisPropertyException(property, name, "there are no SSL bundles" + define);
		}
		try {
			return sslBundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidRedisPropertyException(property, name, "no such SSL bundle" + define);
		}
	}

	public String getUrl() {
		return this.url;
	}

	public void setUrl(String url) {
		this.url = url;
	}

	public String getUsername() {
		return this.username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

	public String getPassword() {
		return this.password;
	}

	public void setPassword(String password) {
		this.password = password;
	}

	public Integer getDb() {
		return this.db;
	}

	public void setDb(Integer db) {
		this.db = db;
	}

	public String getPrefix() {
		return this.prefix;
	}

	public void setPrefix(String prefix) {
		this.prefix = prefix;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public boolean isFlushConsolidation() {
		return this.flushConsolidation;
	}

	public void setFlushConsolidation(boolean flushConsolidation) {
		this.flushConsolidation = flushConsolidation;
	}

	public DataSize getMaxValueSize() {
		return this.maxValueSize;
	}

	public void setMaxValueSize(DataSize maxValueSize) {
		this.maxValueSize = maxValueSize;
	}

	public int getMaxQueuedCommands() {
		return this.maxQueuedCommands;
	}

	public void setMaxQueuedCommands(int maxQueuedCommands) {
		this.maxQueuedCommands = maxQueuedCommands;
	}

	public Duration getTcpUserTimeout() {
		return this.tcpUserTimeout;
	}

	public void setTcpUserTimeout(Duration tcpUserTimeout) {
		this.tcpUserTimeout = tcpUserTimeout;
	}

	public KeepAlive getKeepAlive() {
		return this.keepAlive;
	}

	public Sentinel getSentinel() {
		return this.sentinel;
	}

	public Cluster getCluster() {
		return this.cluster;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public ServerMetrics getServerMetrics() {
		return this.serverMetrics;
	}

	/** Gauges polled from the server's INFO. */
	public static class ServerMetrics {

		/**
		 * Whether to poll INFO and publish earnbase.redis.server.* gauges (needs a
		 * MeterRegistry).
		 */
		private boolean enabled;

		/** Time between two polls. */
		private Duration interval = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * TCP keepalive timing: after idle time without traffic the kernel probes the peer
	 * every interval and drops the connection after count unanswered probes, which also
	 * finds a vanished server behind an idle connection (a subscriber's).
	 */
	public static class KeepAlive {

		/**
		 * Time without traffic before the first probe, whole seconds; setting it applies
		 * the three settings (needs Netty's native epoll transport or JDK sockets with
		 * extended options).
		 */
		private Duration idle;

		/** Time between two probes, whole seconds. */
		private Duration interval = RedisClientBuilder.DEFAULT_KEEP_ALIVE_INTERVAL;

		/** Unanswered probes before the connection is dropped. */
		private int count = RedisClientBuilder.DEFAULT_KEEP_ALIVE_COUNT;

		void validate(String prefix) {
			if (this.idle != null) {
				wholeSeconds(prefix + ".idle", this.idle);
			}
			wholeSeconds(prefix + ".interval", this.interval);
			positive(prefix + ".count", this.count);
		}

		private static void wholeSeconds(String property, Duration value) {
			positive(property, value);
			if (value.getNano() != 0) {
				throw new InvalidRedisPropertyException(property, String.valueOf(value),
						"must be whole seconds (the socket option counts seconds)");
			}
		}

		public Duration getIdle() {
			return this.idle;
		}

		public void setIdle(Duration idle) {
			this.idle = idle;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getCount() {
			return this.count;
		}

		public void setCount(int count) {
			this.count = count;
		}

	}

	/**
	 * The Sentinels' own credentials and TLS; the URL's credentials are the data nodes'.
	 */
	public static class Sentinel {

		/** ACL user the client authenticates as to the Sentinels. */
		private String username;

		/**
		 * Password of the Sentinels (requirepass in sentinel.conf), which the URL cannot
		 * carry. Never logged.
		 */
		private String password;

		/**
		 * Whether to speak TLS to the Sentinels; by default as to the data nodes
		 * (rediss-sentinel:// or an SSL bundle).
		 */
		private Boolean ssl;

		void validate(String prefix, String url, boolean cluster) {
			String property = (this.password != null) ? prefix + ".password"
					: (this.username != null) ? prefix + ".username" : (this.ssl != null) ? prefix + ".ssl" : null;
			if (property == null) {
				return;
			}
			boolean sentinelUrl = url != null
					&& url.toLowerCase(java.util.Locale.ROOT).matches("^rediss?-sentinel://.*");
			if (!sentinelUrl || cluster) {
				throw new InvalidRedisPropertyException(property,
						property.endsWith(".password") ? "****"
								: String.valueOf(property.endsWith(".ssl") ? this.ssl : this.username),
						"applies only to a Sentinel URL (redis-sentinel:// or rediss-sentinel://) without " + PREFIX
								+ ".cluster.nodes, but " + PREFIX + ".url is " + RedisUrls.redact(url));
			}
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public Boolean getSsl() {
			return this.ssl;
		}

		public void setSsl(Boolean ssl) {
			this.ssl = ssl;
		}

	}

	/** Redis Cluster settings. */
	public static class Cluster {

		/**
		 * Seed nodes as host:port; when set the client connects to a cluster and the URL
		 * gives only credentials and TLS.
		 */
		private List<String> nodes = new ArrayList<>();

		/**
		 * Whether reads may go to replicas (possibly slightly stale); reads go to masters
		 * by default.
		 */
		private boolean readFromReplicas;

		/**
		 * How often the client reloads the cluster topology, besides the reloads that
		 * redirects and reconnects trigger.
		 */
		private Duration refreshPeriod = RedisClientBuilder.DEFAULT_CLUSTER_REFRESH_PERIOD;

		public List<String> getNodes() {
			return this.nodes;
		}

		public void setNodes(List<String> nodes) {
			this.nodes = nodes;
		}

		public boolean isReadFromReplicas() {
			return this.readFromReplicas;
		}

		public void setReadFromReplicas(boolean readFromReplicas) {
			this.readFromReplicas = readFromReplicas;
		}

		public Duration getRefreshPeriod() {
			return this.refreshPeriod;
		}

		public void setRefreshPeriod(Duration refreshPeriod) {
			this.refreshPeriod = refreshPeriod;
		}

	}

	/** TLS settings. */
	public static class Ssl {

		/**
		 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) with the trusted CAs
		 * and, for mutual TLS, the client certificate; turns TLS on. Without it,
		 * rediss:// URLs trust the JDK's CAs. The server is always verified.
		 */
		private String bundle;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * Retries of idempotent reads (get, getJson, exists, ttl); writes are never retried.
	 */
	public static class Retry {

		/** Attempts per read in all, including the first; 1 turns retries off. */
		private int maxAttempts = 1;

		/** Wait before the first retry; doubles before each further one. */
		private Duration backoff = Duration.ofMillis(100);

		void validate(String prefix) {
			positive(prefix + ".max-attempts", this.maxAttempts);
			if (this.backoff == null || this.backoff.isNegative()) {
				throw new InvalidRedisPropertyException(prefix + ".backoff", String.valueOf(this.backoff),
						"must not be negative");
			}
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getBackoff() {
			return this.backoff;
		}

		public void setBackoff(Duration backoff) {
			this.backoff = backoff;
		}

	}

}
