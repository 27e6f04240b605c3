package com.earnbase.redis.autoconfigure;

import java.util.List;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains a start-up failure caused by an application's own {@code RedisClient} implementation: which primitives
 * need the library's client and the property that switches each one off.
 */
class UnsupportedRedisClientFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedRedisClientException> {

	/** The primitives built on the library's client, each with the prefix whose {@code enabled} switches it. */
	private static final List<Primitive> PRIMITIVES = List.of(
			new Primitive("cache", EarnbaseRedisCacheProperties.PREFIX),
			new Primitive("session store", EarnbaseRedisSessionProperties.PREFIX),
			new Primitive("rate limiter", EarnbaseRedisRateLimiterProperties.PREFIX),
			new Primitive("lock service", EarnbaseRedisLockProperties.PREFIX),
			new Primitive("pub/sub service", EarnbaseRedisPubSubProperties.PREFIX));

	private final Environment environment;

	/**
	 * Creates the analyzer.
	 * @param environment the application's environment, to list only the primitives switched on; null lists all
	 */
	UnsupportedRedisClientFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedRedisClientException cause) {
		List<Primitive> enabled = PRIMITIVES.stream()
			.filter((primitive) -> this.environment == null
					|| this.environment.getProperty(primitive.prefix() + ".enabled", Boolean.class, true))
			.toList();
		StringBuilder description = new StringBuilder("The RedisClient bean is a " + cause.getClientType()
				+ ", not a client built by RedisClient.builder(). These earnbase primitives need the library's own "
				+ "client:");
		StringBuilder action = new StringBuilder("Build your RedisClient bean with RedisClient.builder() (or drop it "
				+ "and adjust the auto-configured one with a RedisClientBuilderCustomizer), or switch off the "
				+ "primitives you do not use:");
		enabled.forEach((primitive) -> {
			description.append("\n    - ").append(primitive.name());
			action.append("\n    ").append(primitive.prefix()).append(".enabled=false");
		});
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	private record Primitive(String name, String prefix) {
	}

}
