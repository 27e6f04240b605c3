package com.earnbase.sample;

import java.util.Arrays;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;

/**
 * Runs the sample app against Redis in a Testcontainers container when Docker is
 * available: {@code ./mvnw -pl sample-app -am spring-boot:test-run}. The container is a
 * {@link ServiceConnection}, which Boot turns into {@code RedisConnectionDetails}; with
 * {@code earnbase.redis.url} unset the earnbase client follows those. Without Docker it
 * runs the sample app as {@code spring-boot:run} would (the zero-setup default).
 */
public class TestSampleApplication {

	/**
	 * Starts the sample app, with Redis in a container when Docker is available.
	 * @param args command-line arguments
	 */
	public static void main(String[] args) {
		if (!DockerClientFactory.instance().isDockerAvailable()) {
			SampleApplication.main(args);
			return;
		}
		// The dev Redis must not kick in: it would set earnbase.redis.url, which wins
		// over the container.
		String[] withContainer = Arrays.copyOf(args, args.length + 1);
		withContainer[args.length] = "--earnbase.sample.dev-redis.enabled=false";
		SpringApplication.from(SampleApplication::main).with(RedisContainerConfiguration.class).run(withContainer);
	}

	/**
	 * Redis 7.0 in a container, started before the application's beans and stopped with
	 * the context.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class RedisContainerConfiguration {

		@Bean
		@ServiceConnection(name = "redis")
		GenericContainer<?> redisContainer() {
			return new GenericContainer<>(DockerImageName.parse("redis:7.0-alpine")).withExposedPorts(6379);
		}

	}

}
