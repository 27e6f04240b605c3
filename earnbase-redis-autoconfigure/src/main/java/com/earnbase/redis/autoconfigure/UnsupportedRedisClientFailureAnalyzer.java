package com.earnbase.redis.autoconfigure;

import java.util.List;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Explains a start-up failure caused by an application's own {@code RedisClient}
 * implementation: which primitives need the library's client and the property that
 * switches each one off.
 */
class UnsupportedRedisClientFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedRedisClientException> {

	/**
	 * What is built on the library's client, each with the property that switches it and
	 * that property's default.
	 */
	private static final List<Primitive> PRIMITIVES = List.of(
			new Primitive("cache", EarnbaseRedisCacheProperties.PREFIX + ".enabled", true, List.of()),
			new Primitive("session store", EarnbaseRedisSessionProperties.PREFIX + ".enabled", true, List.of()),
			new Primitive("rate limiter", EarnbaseRedisRateLimiterProperties.PREFIX + ".enabled", true, List.of()),
			new Primitive("lock service", EarnbaseRedisLockProperties.PREFIX + ".enabled", true, List.of()),
			new Primitive("pub/sub service", EarnbaseRedisPubSubProperties.PREFIX + ".enabled", true, List.of()),
			new Primitive("health indicator", "management.health.earnbase-redis.enabled", true,
					List.of(Boot3ClassNames.HEALTH_INDICATOR, Boot4ClassNames.HEALTH_INDICATOR)),
			new Primitive("server metrics", EarnbaseRedisProperties.PREFIX + ".server-metrics.enabled", false,
					List.of()));

	private final Environment environment;

	/**
	 * Creates the analyzer.
	 * @param environment the application's environment, to list only the primitives
	 * switched on; null lists all
	 */
	UnsupportedRedisClientFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedRedisClientException cause) {
		List<Primitive> enabled = PRIMITIVES.stream()
			.filter((primitive) -> primitive.anyOfClasses().isEmpty() || primitive.anyOfClasses()
				.stream()
				.anyMatch((name) -> ClassUtils.isPresent(name, getClass().getClassLoader())))
			.filter((primitive) -> this.environment == null || this.environment.getProperty(primitive.switchProperty(),
					Boolean.class, primitive.enabledByDefault()))
			.toList();
		StringBuilder description = new StringBuilder("The RedisClient bean is a " + cause.getClientType()
				+ ", not a client built by RedisClient.builder(). These earnbase primitives need the library's own "
				+ "client:");
		StringBuilder action = new StringBuilder("Build your RedisClient bean with RedisClient.builder() (or drop it "
				+ "and adjust the auto-configured one with a RedisClientBuilderCustomizer), or switch off the "
				+ "primitives you do not use:");
		enabled.forEach((primitive) -> {
			description.append("\n    - ").append(primitive.name());
			action.append("\n    ").append(primitive.switchProperty()).append("=false");
		});
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	/**
	 * A feature, the property that switches it, its default, and the classes of which it
	 * needs one (none: always).
	 */
	private record Primitive(String name, String switchProperty, boolean enabledByDefault, List<String> anyOfClasses) {
	}

}
