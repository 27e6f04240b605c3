package com.earnbase.redis.autoconfigure;

/**
 * The Spring Boot 3 class names the auto-configurations refer to by name (ordering and
 * class conditions), in one place. Boot 4 moved these classes ({@link Boot4ClassNames});
 * the Boot-neutral auto-configurations list both lines' names, and only the names of the
 * line in use resolve. They live here rather than in the {@code earnbase-redis-boot3}
 * module because annotations need them as constants and that module depends on this one.
 */
public final class Boot3ClassNames {

	/**
	 * Boot's Redis auto-configuration (Spring Data Redis connection factory and
	 * templates).
	 */
	public static final String REDIS_AUTO_CONFIGURATION = "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration";

	/** Boot's Redis connection details. */
	public static final String REDIS_CONNECTION_DETAILS = "org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails";

	/**
	 * Boot's Jackson auto-configuration, which defines the ObjectMapper the client
	 * shares.
	 */
	public static final String JACKSON_AUTO_CONFIGURATION = "org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration";

	/** Boot's SSL auto-configuration, which defines the SSL bundles. */
	public static final String SSL_AUTO_CONFIGURATION = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration";

	/**
	 * Boot's Spring Cache auto-configuration, whose cache manager the earnbase one
	 * replaces.
	 */
	public static final String CACHE_AUTO_CONFIGURATION = "org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration";

	/** Actuator's auto-configuration of the MeterRegistry the client records in. */
	public static final String COMPOSITE_METER_REGISTRY_AUTO_CONFIGURATION = "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration";

	/** Actuator's auto-configuration of the ObservationRegistry the client reports to. */
	public static final String OBSERVATION_AUTO_CONFIGURATION = "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration";

	/** Actuator's health indicator type. */
	public static final String HEALTH_INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";

	private Boot3ClassNames() {
	}

}
