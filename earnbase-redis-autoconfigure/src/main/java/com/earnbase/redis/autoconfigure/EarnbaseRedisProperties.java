package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.earnbase.redis.RedisClientBuilder;
import com.earnbase.redis.RedisUrls;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the earnbase Redis client and its primitives, under {@code earnbase.redis}. Invalid values stop
 * start-up with a message naming the property (passwords masked).
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

	/** Database index; overrides the URL's when set. */
	private Integer db;

	/** Prefix of every key and channel, e.g. 'myapp' stores key 'user:1' as 'myapp:user:1'. */
	private String prefix;

	/** Default time to live of writes that give none; a bare number means seconds. No expiry when unset. */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration ttl;

	/** How long a command may take before it fails. */
	private Duration timeout = RedisClientBuilder.DEFAULT_TIMEOUT;

	/** How long opening a connection may take. */
	private Duration connectTimeout = RedisClientBuilder.DEFAULT_CONNECT_TIMEOUT;

	/** Largest value a write accepts; larger ones are rejected before they are sent. */
	private DataSize maxValueSize = DataSize.ofBytes(RedisClientBuilder.DEFAULT_MAX_VALUE_BYTES);

	/** Redis Cluster settings. */
	private final Cluster cluster = new Cluster();

	/** Retries of idempotent reads on connection errors and timeouts. */
	private final Retry retry = new Retry();

	/** Cache settings. */
	private final Cache cache = new Cache();

	/** Session store settings. */
	private final Session session = new Session();

	/** Rate limiter settings. */
	private final RateLimiter rateLimiter = new RateLimiter();

	/** Distributed lock settings. */
	private final Lock lock = new Lock();

	/** Pub/sub settings. */
	private final Pubsub pubsub = new Pubsub();

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
		if (this.maxValueSize == null || this.maxValueSize.toBytes() <= 0) {
			throw new InvalidRedisPropertyException(PREFIX + ".max-value-size", String.valueOf(this.maxValueSize),
					"must be positive");
		}
		this.retry.validate(PREFIX + ".retry");
		this.cache.validate(PREFIX + ".cache");
		this.session.validate(PREFIX + ".session");
		this.rateLimiter.validate(PREFIX + ".rate-limiter");
		this.lock.validate(PREFIX + ".lock");
		this.pubsub.validate(PREFIX + ".pubsub");
	}

	static void positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidRedisPropertyException(property, String.valueOf(value), "must be positive");
		}
	}

	static void positiveOrNull(String property, Duration value) {
		if (value != null) {
			positive(property, value);
		}
	}

	static void positive(String property, int value) {
		if (value <= 0) {
			throw new InvalidRedisPropertyException(property, String.valueOf(value), "must be positive");
		}
	}

	public String getUrl() {
		return this.url;
	}

	public void setUrl(String url) {
		this.url = url;
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

	public DataSize getMaxValueSize() {
		return this.maxValueSize;
	}

	public void setMaxValueSize(DataSize maxValueSize) {
		this.maxValueSize = maxValueSize;
	}

	public Cluster getCluster() {
		return this.cluster;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Cache getCache() {
		return this.cache;
	}

	public Session getSession() {
		return this.session;
	}

	public RateLimiter getRateLimiter() {
		return this.rateLimiter;
	}

	public Lock getLock() {
		return this.lock;
	}

	public Pubsub getPubsub() {
		return this.pubsub;
	}

	/** Redis Cluster settings. */
	public static class Cluster {

		/** Seed nodes as host:port; when set the client connects to a cluster and the URL gives only credentials and TLS. */
		private List<String> nodes = new ArrayList<>();

		/** Whether reads may go to replicas (possibly slightly stale); reads go to masters by default. */
		private boolean readFromReplicas;

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

	}

	/** Retries of idempotent reads (get, getJson, exists, ttl); writes are never retried. */
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

	/** Cache settings. */
	public static class Cache {

		/** Whether to create the Cache bean. */
		private boolean enabled = true;

		/** Key namespace under the client's prefix. */
		private String namespace = "cache";

		/** Default time to live of cached values; falls back to earnbase.redis.ttl. A bare number means seconds. */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration ttl;

		/** How long a "not found" (null) result stays cached. */
		private Duration nullTtl = Duration.ofSeconds(60);

		/** How long one instance may compute a missing value while the others wait for it. */
		private Duration leaseTime = Duration.ofSeconds(10);

		/** Whether hits close to expiry may recompute the value early in the background (XFetch). */
		private boolean earlyRefresh;

		/** XFetch beta: above 1 refreshes earlier, below 1 later. */
		private double earlyRefreshBeta = 1.0;

		/** Time to live per Spring cache name, for @Cacheable; a bare number means seconds. */
		@DurationUnit(ChronoUnit.SECONDS)
		private Map<String, Duration> ttls = new LinkedHashMap<>();

		void validate(String prefix) {
			if (this.namespace == null || this.namespace.isBlank()) {
				throw new InvalidRedisPropertyException(prefix + ".namespace", String.valueOf(this.namespace),
						"must not be empty");
			}
			positiveOrNull(prefix + ".ttl", this.ttl);
			positive(prefix + ".null-ttl", this.nullTtl);
			positive(prefix + ".lease-time", this.leaseTime);
			if (!(this.earlyRefreshBeta > 0)) {
				throw new InvalidRedisPropertyException(prefix + ".early-refresh-beta",
						String.valueOf(this.earlyRefreshBeta), "must be positive");
			}
			this.ttls.forEach((name, ttl) -> positive(prefix + ".ttls." + name, ttl));
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getNamespace() {
			return this.namespace;
		}

		public void setNamespace(String namespace) {
			this.namespace = namespace;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public Duration getNullTtl() {
			return this.nullTtl;
		}

		public void setNullTtl(Duration nullTtl) {
			this.nullTtl = nullTtl;
		}

		public Duration getLeaseTime() {
			return this.leaseTime;
		}

		public void setLeaseTime(Duration leaseTime) {
			this.leaseTime = leaseTime;
		}

		public boolean isEarlyRefresh() {
			return this.earlyRefresh;
		}

		public void setEarlyRefresh(boolean earlyRefresh) {
			this.earlyRefresh = earlyRefresh;
		}

		public double getEarlyRefreshBeta() {
			return this.earlyRefreshBeta;
		}

		public void setEarlyRefreshBeta(double earlyRefreshBeta) {
			this.earlyRefreshBeta = earlyRefreshBeta;
		}

		public Map<String, Duration> getTtls() {
			return this.ttls;
		}

		public void setTtls(Map<String, Duration> ttls) {
			this.ttls = ttls;
		}

	}

	/** Session store settings. */
	public static class Session {

		/** Whether to create the SessionStore bean. */
		private boolean enabled = true;

		/** Key namespace under the client's prefix. */
		private String namespace = "session";

		/** Time to live of a session; independent of earnbase.redis.ttl. A bare number means seconds. */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration ttl = Duration.ofMinutes(30);

		/** Whether reading a session renews its time to live. */
		private boolean sliding = true;

		void validate(String prefix) {
			if (this.namespace == null || this.namespace.isBlank()) {
				throw new InvalidRedisPropertyException(prefix + ".namespace", String.valueOf(this.namespace),
						"must not be empty");
			}
			positive(prefix + ".ttl", this.ttl);
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getNamespace() {
			return this.namespace;
		}

		public void setNamespace(String namespace) {
			this.namespace = namespace;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public boolean isSliding() {
			return this.sliding;
		}

		public void setSliding(boolean sliding) {
			this.sliding = sliding;
		}

	}

	/** Rate limiter settings. */
	public static class RateLimiter {

		/** Whether to create the RateLimiter bean. */
		private boolean enabled = true;

		/** Key namespace under the client's prefix. */
		private String namespace = "ratelimit";

		/** Algorithm used when a call names none: fixed-window, sliding-window or token-bucket. */
		private String algorithm = "sliding-window";

		/** What a check answers when Redis cannot be reached: deny (fail closed) or allow (fail open). */
		private String onFailure = "deny";

		void validate(String prefix) {
			if (this.namespace == null || this.namespace.isBlank()) {
				throw new InvalidRedisPropertyException(prefix + ".namespace", String.valueOf(this.namespace),
						"must not be empty");
			}
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getNamespace() {
			return this.namespace;
		}

		public void setNamespace(String namespace) {
			this.namespace = namespace;
		}

		public String getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(String algorithm) {
			this.algorithm = algorithm;
		}

		public String getOnFailure() {
			return this.onFailure;
		}

		public void setOnFailure(String onFailure) {
			this.onFailure = onFailure;
		}

	}

	/** Distributed lock settings. */
	public static class Lock {

		/** Whether to create the LockService bean. */
		private boolean enabled = true;

		/** Key namespace under the client's prefix. */
		private String namespace = "lock";

		/** Lease of a lock taken without one; the watchdog renews it every third of this while it is held. */
		private Duration leaseTime = Duration.ofSeconds(30);

		/** Hard ceiling on how long the watchdog keeps renewing one holder's lock, so a hung holder cannot keep it. */
		private Duration maxHoldTime = Duration.ofMinutes(10);

		void validate(String prefix) {
			if (this.namespace == null || this.namespace.isBlank()) {
				throw new InvalidRedisPropertyException(prefix + ".namespace", String.valueOf(this.namespace),
						"must not be empty");
			}
			positive(prefix + ".lease-time", this.leaseTime);
			positive(prefix + ".max-hold-time", this.maxHoldTime);
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getNamespace() {
			return this.namespace;
		}

		public void setNamespace(String namespace) {
			this.namespace = namespace;
		}

		public Duration getLeaseTime() {
			return this.leaseTime;
		}

		public void setLeaseTime(Duration leaseTime) {
			this.leaseTime = leaseTime;
		}

		public Duration getMaxHoldTime() {
			return this.maxHoldTime;
		}

		public void setMaxHoldTime(Duration maxHoldTime) {
			this.maxHoldTime = maxHoldTime;
		}

	}

	/** Pub/sub settings. */
	public static class Pubsub {

		/** Whether to create the PubSubService bean. */
		private boolean enabled = true;

		/** Channel namespace under the client's prefix. */
		private String namespace = "channel";

		/** Threads that run message handlers. */
		private int handlerThreads = 4;

		/** Messages that may wait for a handler thread before publishing threads are slowed down. */
		private int handlerQueueCapacity = 10_000;

		/** How long closing the context waits for queued messages to be handled. */
		private Duration shutdownTimeout = Duration.ofSeconds(5);

		/** On a cluster, use sharded pub/sub (SPUBLISH/SSUBSCRIBE). */
		private boolean sharded;

		/** Whether to tag the message counters by channel (watch the cardinality). */
		private boolean tagChannels;

		void validate(String prefix) {
			if (this.namespace == null || this.namespace.isBlank()) {
				throw new InvalidRedisPropertyException(prefix + ".namespace", String.valueOf(this.namespace),
						"must not be empty");
			}
			positive(prefix + ".handler-threads", this.handlerThreads);
			positive(prefix + ".handler-queue-capacity", this.handlerQueueCapacity);
			positive(prefix + ".shutdown-timeout", this.shutdownTimeout);
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getNamespace() {
			return this.namespace;
		}

		public void setNamespace(String namespace) {
			this.namespace = namespace;
		}

		public int getHandlerThreads() {
			return this.handlerThreads;
		}

		public void setHandlerThreads(int handlerThreads) {
			this.handlerThreads = handlerThreads;
		}

		public int getHandlerQueueCapacity() {
			return this.handlerQueueCapacity;
		}

		public void setHandlerQueueCapacity(int handlerQueueCapacity) {
			this.handlerQueueCapacity = handlerQueueCapacity;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public boolean isSharded() {
			return this.sharded;
		}

		public void setSharded(boolean sharded) {
			this.sharded = sharded;
		}

		public boolean isTagChannels() {
			return this.tagChannels;
		}

		public void setTagChannels(boolean tagChannels) {
			this.tagChannels = tagChannels;
		}

	}

}
