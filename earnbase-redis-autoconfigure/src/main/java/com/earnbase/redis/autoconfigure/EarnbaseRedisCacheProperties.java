package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.earnbase.redis.cache.CacheFailurePolicy;
import com.earnbase.redis.cache.NearCacheOptions;
import com.earnbase.redis.cache.RedisCacheOptions;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration of the cache and of its Spring Cache manager, under
 * {@code earnbase.redis.cache}.
 */
@ConfigurationProperties(EarnbaseRedisCacheProperties.PREFIX)
public class EarnbaseRedisCacheProperties implements InitializingBean {

	/** The prefix of the cache properties. */
	public static final String PREFIX = EarnbaseRedisProperties.PREFIX + ".cache";

	/** Whether to create the Cache bean. */
	private boolean enabled = true;

	/** Key namespace under the client's prefix. */
	private String namespace = RedisCacheOptions.DEFAULT_NAMESPACE;

	/**
	 * Default time to live of cached values; falls back to earnbase.redis.ttl. A bare
	 * number means seconds. Must agree with spring.cache.redis.time-to-live when both are
	 * set.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration ttl;

	/** How long a "not found" (null) result stays cached. */
	private Duration nullTtl = RedisCacheOptions.DEFAULT_NULL_TTL;

	/** How long one instance may compute a missing value while the others wait for it. */
	private Duration leaseTime = RedisCacheOptions.DEFAULT_LEASE_TIME;

	/**
	 * Whether hits close to expiry may recompute the value early in the background
	 * (XFetch).
	 */
	private boolean earlyRefresh;

	/** XFetch beta: above 1 refreshes earlier, below 1 later. */
	private double earlyRefreshBeta = RedisCacheOptions.DEFAULT_EARLY_REFRESH_BETA;

	/**
	 * Time to live per Spring cache name, for @Cacheable, e.g. 10m; a bare number means
	 * seconds.
	 */
	private Map<String, String> ttls = new LinkedHashMap<>();

	/**
	 * Packages whose classes @Cacheable values may be read back as, besides java.lang,
	 * java.util, java.time, java.math and the application's own packages.
	 */
	private List<String> trustedPackages = new ArrayList<>();

	/**
	 * Whether Spring caches (@Cacheable) cache null results, as "absent" for null-ttl;
	 * when false, storing a null fails (skip nulls with @Cacheable(unless = "#result ==
	 * null")). Default true. Must agree with spring.cache.redis.cache-null-values when
	 * both are set.
	 */
	private Boolean cacheNullValues;

	/**
	 * What getOrSet does when Redis is unreachable: compute (call the factory, uncached)
	 * or fail (throw).
	 */
	private CacheFailurePolicy onFailure = RedisCacheOptions.DEFAULT_ON_FAILURE;

	/** The near cache: local copies of values, invalidated by Redis. */
	private final Near near = new Near();

	@Override
	public void afterPropertiesSet() {
		ttlDurations();
		nearCaches();
		for (int i = 0; i < this.trustedPackages.size(); i++) {
			String trusted = this.trustedPackages.get(i);
			if (trusted == null || trusted.isBlank()) {
				throw new InvalidRedisPropertyException(PREFIX + ".trusted-packages[" + i + "]",
						String.valueOf(trusted), "must not be empty");
			}
		}
	}

	/**
	 * The Cache bean's options, with its near cache ({@link #nearCache()}).
	 * @return the options
	 * @throws InvalidRedisPropertyException naming the first invalid property
	 */
	public RedisCacheOptions toOptions() {
		NearCacheOptions nearCache = nearCache();
		return PropertyOptions.build(PREFIX, this, () -> new RedisCacheOptions(this.namespace, this.ttl, this.nullTtl,
				this.leaseTime, this.earlyRefresh, this.earlyRefreshBeta, null, this.onFailure, nearCache), Map.of());
	}

	/**
	 * The near cache of the Cache bean: on with the configured bound and TTL when
	 * {@code near.enabled}, else {@link NearCacheOptions#defaults()} (off).
	 * {@code near.cache-names} does not narrow it: that list names Spring caches.
	 * @return the near cache options
	 * @throws InvalidRedisPropertyException naming the first invalid near property
	 */
	public NearCacheOptions nearCache() {
		String prefix = PREFIX + ".near";
		NearCacheOptions configured = PropertyOptions.build(prefix, this.near,
				() -> new NearCacheOptions(true, this.near.maxEntries, this.near.ttl), Map.of());
		List<String> names = this.near.cacheNames;
		if (!this.near.enabled) {
			if (!names.isEmpty()) {
				throw new InvalidRedisPropertyException(prefix + ".cache-names", String.valueOf(names),
						"does not apply while " + prefix + ".enabled is false: no cache gets a near cache; set "
								+ prefix + ".enabled=true or remove it");
			}
			String unused = this.near.maxEntriesSet ? ".max-entries" : this.near.ttlSet ? ".ttl" : null;
			if (unused != null) {
				throw new InvalidRedisPropertyException(prefix + unused,
						String.valueOf(this.near.maxEntriesSet ? this.near.maxEntries : this.near.ttl),
						"does not apply while " + prefix + ".enabled is false; set " + prefix
								+ ".enabled=true or remove it");
			}
			return NearCacheOptions.defaults();
		}
		for (int i = 0; i < names.size(); i++) {
			if (names.get(i) == null || names.get(i).isBlank()) {
				throw new InvalidRedisPropertyException(prefix + ".cache-names[" + i + "]", "'" + names.get(i) + "'",
						"must not be empty");
			}
		}
		return configured;
	}

	/**
	 * The near cache every Spring cache (@Cacheable) gets unless {@link #nearCaches()}
	 * names it: the Cache bean's when {@code near.cache-names} is empty, else
	 * {@link NearCacheOptions#defaults()} (off).
	 * @return the near cache options
	 * @throws InvalidRedisPropertyException naming the first invalid near property
	 */
	public NearCacheOptions springCacheNearCache() {
		NearCacheOptions nearCache = nearCache();
		return this.near.cacheNames.isEmpty() ? nearCache : NearCacheOptions.defaults();
	}

	/**
	 * The near cache per Spring cache name: each name of {@code near.cache-names} with
	 * the near cache on; empty when the list is (then every Spring cache gets
	 * {@link #springCacheNearCache()}).
	 * @return the near cache per cache name
	 * @throws InvalidRedisPropertyException naming the first invalid near property
	 */
	public Map<String, NearCacheOptions> nearCaches() {
		NearCacheOptions nearCache = nearCache();
		Map<String, NearCacheOptions> perName = new LinkedHashMap<>();
		this.near.cacheNames.forEach((name) -> perName.put(name, nearCache));
		return perName;
	}

	/**
	 * The time to live per cache name, parsed ({@code @DurationUnit} does not reach map
	 * values) and checked as the cache's own TTL is.
	 * @return the TTLs
	 * @throws InvalidRedisPropertyException naming the first invalid property
	 */
	public Map<String, Duration> ttlDurations() {
		RedisCacheOptions options = toOptions();
		Map<String, Duration> durations = new LinkedHashMap<>();
		this.ttls.forEach((name, ttl) -> {
			String property = PREFIX + ".ttls." + name;
			try {
				durations.put(name, options.withTtl(DurationStyle.detectAndParse(ttl, ChronoUnit.SECONDS)).ttl());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidRedisPropertyException(property, ttl,
						"is not a positive duration: " + ex.getMessage());
			}
		});
		return durations;
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

	public List<String> getTrustedPackages() {
		return this.trustedPackages;
	}

	public void setTrustedPackages(List<String> trustedPackages) {
		this.trustedPackages = trustedPackages;
	}

	public Boolean getCacheNullValues() {
		return this.cacheNullValues;
	}

	public void setCacheNullValues(Boolean cacheNullValues) {
		this.cacheNullValues = cacheNullValues;
	}

	public CacheFailurePolicy getOnFailure() {
		return this.onFailure;
	}

	public void setOnFailure(CacheFailurePolicy onFailure) {
		this.onFailure = onFailure;
	}

	public Near getNear() {
		return this.near;
	}

	/**
	 * The near cache, under {@code earnbase.redis.cache.near}: copies of values in this
	 * JVM's memory, dropped when Redis reports that their key changed.
	 */
	public static class Near {

		/**
		 * Whether caches keep local copies of values, invalidated through Redis client
		 * tracking.
		 */
		private boolean enabled;

		/**
		 * The most local copies one cache keeps; beyond it the least used are evicted.
		 */
		private long maxEntries = NearCacheOptions.DEFAULT_MAX_ENTRIES;

		/**
		 * The longest a local copy lives, even when no invalidation arrives. A bare
		 * number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration ttl = NearCacheOptions.DEFAULT_TTL;

		/**
		 * Spring cache names (@Cacheable) that get a near cache; empty means every cache.
		 * Only with enabled=true.
		 */
		private List<String> cacheNames = new ArrayList<>();

		/**
		 * Whether max-entries was configured: it must not be while the near cache is off.
		 */
		private boolean maxEntriesSet;

		/** Whether ttl was configured: it must not be while the near cache is off. */
		private boolean ttlSet;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(long maxEntries) {
			this.maxEntries = maxEntries;
			this.maxEntriesSet = true;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
			this.ttlSet = true;
		}

		public List<String> getCacheNames() {
			return this.cacheNames;
		}

		public void setCacheNames(List<String> cacheNames) {
			this.cacheNames = cacheNames;
		}

	}

}
