package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.earnbase.redis.cache.CacheFailurePolicy;
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

	@Override
	public void afterPropertiesSet() {
		ttlDurations();
		for (int i = 0; i < this.trustedPackages.size(); i++) {
			String trusted = this.trustedPackages.get(i);
			if (trusted == null || trusted.isBlank()) {
				throw new InvalidRedisPropertyException(PREFIX + ".trusted-packages[" + i + "]",
						String.valueOf(trusted), "must not be empty");
			}
		}
	}

	/**
	 * The cache's options.
	 * @return the options
	 * @throws InvalidRedisPropertyException naming the first invalid property
	 */
	public RedisCacheOptions toOptions() {
		return PropertyOptions.build(PREFIX, this, () -> new RedisCacheOptions(this.namespace, this.ttl, this.nullTtl,
				this.leaseTime, this.earlyRefresh, this.earlyRefreshBeta, null, this.onFailure), Map.of());
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

}
