package com.earnbase.redis.autoconfigure;

/**
 * The Spring Boot 4 class names the auto-configurations refer to by name (ordering and
 * class conditions), the counterparts of {@link Boot3ClassNames}; valid on Boot 4.0 and
 * 4.1.
 */
public final class Boot4ClassNames {

	/**
	 * Boot's Redis auto-configuration (Spring Data Redis connection factory and
	 * templates).
	 */
	public static final String REDIS_AUTO_CONFIGURATION = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration";

	/** Boot's Redis connection details. */
	public static final String REDIS_CONNECTION_DETAILS = "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails";

	/**
	 * Boot's Lettuce tracing, which installs Micrometer tracing on the shared Lettuce
	 * resources itself.
	 */
	public static final String LETTUCE_OBSERVATION_AUTO_CONFIGURATION = "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration";

	/** Boot's Jackson 3 auto-configuration, which defines the JsonMapper. */
	public static final String JACKSON_AUTO_CONFIGURATION = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration";

	/**
	 * Boot's deprecated Jackson 2 auto-configuration ({@code spring-boot-jackson2}),
	 * which defines an ObjectMapper.
	 */
	public static final String JACKSON2_AUTO_CONFIGURATION = "org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration";

	/**
	 * Boot's SSL auto-configuration, which defines the SSL bundles (the same name as on
	 * Boot 3).
	 */
	public static final String SSL_AUTO_CONFIGURATION = Boot3ClassNames.SSL_AUTO_CONFIGURATION;

	/**
	 * Boot's Spring Cache auto-configuration, whose cache manager the earnbase one
	 * replaces.
	 */
	public static final String CACHE_AUTO_CONFIGURATION = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration";

	/** The auto-configuration of the MeterRegistry the client records in. */
	public static final String COMPOSITE_METER_REGISTRY_AUTO_CONFIGURATION = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration";

	/** The auto-configuration of the ObservationRegistry the client reports to. */
	public static final String OBSERVATION_AUTO_CONFIGURATION = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration";

	/** The health indicator type ({@code spring-boot-health}). */
	public static final String HEALTH_INDICATOR = "org.springframework.boot.health.contributor.HealthIndicator";

	private Boot4ClassNames() {
	}

}
