package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.earnbase.redis.RedisClientBuilder;
import com.earnbase.redis.cache.CacheFailurePolicy;
import com.earnbase.redis.ratelimit.RateLimitAlgorithm;
import com.earnbase.redis.ratelimit.RateLimitFailurePolicy;
import com.earnbase.redis.ratelimit.RateLimitPolicy;
import com.earnbase.redis.support.RedisUrls;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.expression.spel.standard.SpelExpressionParser;
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

	/** ACL user name; overrides the URL's when set. */
	private String username;

	/** Password (of the ACL user, or of requirepass); overrides the URL's when set. Never logged. */
	private String password;

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

	/**
	 * Whether to consolidate socket flushes (Netty's FlushConsolidationHandler) on the client's connections and on
	 * Spring Boot's shared Lettuce resources: several times the throughput with many concurrent callers.
	 */
	private boolean flushConsolidation = true;

	/** Largest value a write accepts; larger ones are rejected before they are sent. */
	private DataSize maxValueSize = DataSize.ofBytes(RedisClientBuilder.DEFAULT_MAX_VALUE_BYTES);

	/** Redis Cluster settings. */
	private final Cluster cluster = new Cluster();

	/** TLS settings. */
	private final Ssl ssl = new Ssl();

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

	/** Gauges of the server's INFO fields (memory, clients, keyspace hits and misses, evictions). */
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
		this.retry.validate(PREFIX + ".retry");
		this.cache.validate(PREFIX + ".cache");
		this.session.validate(PREFIX + ".session");
		this.rateLimiter.validate(PREFIX + ".rate-limiter");
		this.lock.validate(PREFIX + ".lock");
		this.pubsub.validate(PREFIX + ".pubsub");
		positive(PREFIX + ".server-metrics.interval", this.serverMetrics.getInterval());
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

	public Cluster getCluster() {
		return this.cluster;
	}

	public Ssl getSsl() {
		return this.ssl;
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

	public ServerMetrics getServerMetrics() {
		return this.serverMetrics;
	}

	/** Gauges polled from the server's INFO. */
	public static class ServerMetrics {

		/** Whether to poll INFO and publish earnbase.redis.server.* gauges (needs a MeterRegistry). */
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

	/** Redis Cluster settings. */
	public static class Cluster {

		/** Seed nodes as host:port; when set the client connects to a cluster and the URL gives only credentials and TLS. */
		private List<String> nodes = new ArrayList<>();

		/** Whether reads may go to replicas (possibly slightly stale); reads go to masters by default. */
		private boolean readFromReplicas;

		/** How often the client reloads the cluster topology, besides the reloads that redirects and reconnects trigger. */
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
		 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) with the trusted CAs and, for mutual TLS, the client
		 * certificate; turns TLS on. Without it, rediss:// URLs trust the JDK's CAs. The server is always verified.
		 */
		private String bundle;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
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

		/** Time to live per Spring cache name, for @Cacheable, e.g. 10m; a bare number means seconds. */
		private Map<String, String> ttls = new LinkedHashMap<>();

		/**
		 * Packages whose classes @Cacheable values may be read back as, besides java.lang, java.util, java.time,
		 * java.math and the application's own packages.
		 */
		private List<String> trustedPackages = new ArrayList<>();

		/** What getOrSet does when Redis is unreachable: compute (call the factory, uncached) or fail (throw). */
		private CacheFailurePolicy onFailure = CacheFailurePolicy.COMPUTE;

		void validate(String prefix) {
			if (this.onFailure == null) {
				throw new InvalidRedisPropertyException(prefix + ".on-failure", "null", "must be compute or fail");
			}
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
			this.ttls.forEach((name, ttl) -> {
				Duration parsed;
				try {
					parsed = DurationStyle.detectAndParse(ttl, ChronoUnit.SECONDS);
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidRedisPropertyException(prefix + ".ttls." + name, ttl, "is not a duration");
				}
				positive(prefix + ".ttls." + name, parsed);
			});
			for (int i = 0; i < this.trustedPackages.size(); i++) {
				String trusted = this.trustedPackages.get(i);
				if (trusted == null || trusted.isBlank()) {
					throw new InvalidRedisPropertyException(prefix + ".trusted-packages[" + i + "]",
							String.valueOf(trusted), "must not be empty");
				}
			}
		}

		public CacheFailurePolicy getOnFailure() {
			return this.onFailure;
		}

		public void setOnFailure(CacheFailurePolicy onFailure) {
			this.onFailure = onFailure;
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

		public Map<String, String> getTtls() {
			return this.ttls;
		}

		public void setTtls(Map<String, String> ttls) {
			this.ttls = ttls;
		}

		/**
		 * The time to live per cache name, parsed ({@code @DurationUnit} does not reach map values).
		 * @return the TTLs
		 */
		public Map<String, Duration> ttlDurations() {
			Map<String, Duration> durations = new LinkedHashMap<>();
			this.ttls.forEach((name, ttl) -> durations.put(name, DurationStyle.detectAndParse(ttl, ChronoUnit.SECONDS)));
			return durations;
		}

		public List<String> getTrustedPackages() {
			return this.trustedPackages;
		}

		public void setTrustedPackages(List<String> trustedPackages) {
			this.trustedPackages = trustedPackages;
		}

	}

	/** Session store settings. */
	public static class Session {

		/** Whether to create the SessionStore bean. */
		private boolean enabled = true;

		/** Key namespace under the client's prefix; must not contain braces, which would move the keys' hash slot. */
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
			if (this.namespace.indexOf('{') >= 0 || this.namespace.indexOf('}') >= 0) {
				throw new InvalidRedisPropertyException(prefix + ".namespace", this.namespace,
						"must not contain '{' or '}'");
			}
			positive(prefix + ".ttl", this.ttl);
			if (this.ttl.toMillis() == 0) {
				throw new InvalidRedisPropertyException(prefix + ".ttl", String.valueOf(this.ttl),
						"must be at least 1 ms");
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
		private RateLimitAlgorithm algorithm = RateLimitAlgorithm.SLIDING_WINDOW;

		/** What a check answers when Redis cannot be reached: deny (fail closed) or allow (fail open). */
		private RateLimitFailurePolicy onFailure = RateLimitFailurePolicy.DENY;

		/** Request paths limited by the Spring MVC interceptor; the first route whose path matches applies. */
		private List<Route> routes = new ArrayList<>();

		void validate(String prefix) {
			if (this.namespace == null || this.namespace.isBlank()) {
				throw new InvalidRedisPropertyException(prefix + ".namespace", String.valueOf(this.namespace),
						"must not be empty");
			}
			if (this.algorithm == null) {
				throw new InvalidRedisPropertyException(prefix + ".algorithm", "null",
						"must be fixed-window, sliding-window or token-bucket");
			}
			if (this.onFailure == null) {
				throw new InvalidRedisPropertyException(prefix + ".on-failure", "null", "must be deny or allow");
			}
			for (int i = 0; i < this.routes.size(); i++) {
				this.routes.get(i).validate(prefix + ".routes[" + i + "]");
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

		public RateLimitAlgorithm getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(RateLimitAlgorithm algorithm) {
			this.algorithm = algorithm;
		}

		public RateLimitFailurePolicy getOnFailure() {
			return this.onFailure;
		}

		public void setOnFailure(RateLimitFailurePolicy onFailure) {
			this.onFailure = onFailure;
		}

		public List<Route> getRoutes() {
			return this.routes;
		}

		public void setRoutes(List<Route> routes) {
			this.routes = routes;
		}

		/** A request path limited by the Spring MVC interceptor. */
		public static class Route {

			/** Path pattern of the requests limited, e.g. /api/**, without the context path. */
			private String path;

			/** Requests allowed per window. */
			private int limit;

			/** The window, e.g. 1m, 30s or 500ms. */
			private Duration window;

			/** SpEL expression over #request and #principal for who is limited; empty means the client address. */
			private String key;

			/** Algorithm of this route; the rate limiter's default when unset. */
			private RateLimitAlgorithm algorithm;

			void validate(String prefix) {
				if (this.path == null || this.path.isBlank()) {
					throw new InvalidRedisPropertyException(prefix + ".path", String.valueOf(this.path),
							"must not be empty");
				}
				positive(prefix + ".limit", this.limit);
				positive(prefix + ".window", this.window);
				try {
					RateLimitPolicy.of(this.limit, this.window);
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidRedisPropertyException(prefix + ".window", String.valueOf(this.window),
							ex.getMessage());
				}
				if (this.key != null && !this.key.isBlank()) {
					try {
						new SpelExpressionParser().parseExpression(this.key);
					}
					catch (RuntimeException ex) {
						throw new InvalidRedisPropertyException(prefix + ".key", this.key,
								"is not a SpEL expression: " + ex.getMessage());
					}
				}
			}

			public String getPath() {
				return this.path;
			}

			public void setPath(String path) {
				this.path = path;
			}

			public int getLimit() {
				return this.limit;
			}

			public void setLimit(int limit) {
				this.limit = limit;
			}

			public Duration getWindow() {
				return this.window;
			}

			public void setWindow(Duration window) {
				this.window = window;
			}

			public String getKey() {
				return this.key;
			}

			public void setKey(String key) {
				this.key = key;
			}

			public RateLimitAlgorithm getAlgorithm() {
				return this.algorithm;
			}

			public void setAlgorithm(RateLimitAlgorithm algorithm) {
				this.algorithm = algorithm;
			}

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

		/** Messages that may wait for a handler thread, all subscriptions together; further ones are dropped, counted and logged. */
		private int handlerQueueCapacity = 10_000;

		/** How long closing the context waits for queued messages to be handled; the rest are discarded. */
		private Duration shutdownTimeout = Duration.ofSeconds(5);

		/** Use sharded pub/sub (SPUBLISH/SSUBSCRIBE, no pattern subscriptions); needs a Redis Cluster, start-up fails otherwise. */
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
