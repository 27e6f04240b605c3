package com.earnbase.redis.autoconfigure;

import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.earnbase.redis.RedisClientBuilder;
import com.earnbase.redis.cache.NearCacheOptions;
import com.earnbase.redis.cache.RedisCacheOptions;
import com.earnbase.redis.lock.LockOptions;
import com.earnbase.redis.pubsub.PubSubOptions;
import com.earnbase.redis.ratelimit.RateLimiterOptions;
import com.earnbase.redis.session.SessionStoreOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata: every property described, and the defaults it
 * shows are the real ones (the builder's and the options records' constants).
 */
class ConfigurationMetadataUnitTests {

	private static final Map<String, JsonNode> properties = new HashMap<>();

	@BeforeAll
	static void readMetadata() throws Exception {
		try (InputStream in = ConfigurationMetadataUnitTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			new ObjectMapper().readTree(in).get("properties").forEach((p) -> properties.put(p.get("name").asText(), p));
		}
		// Another jar's metadata comes first when this module's was not generated (JDK
		// 23+
		// skips class-path annotation processors unless the compiler is told to run them)
		assertThat(properties.keySet()).as("this module's generated metadata")
			.allMatch((n) -> n.startsWith("earnbase."));
	}

	@Test
	void everyPropertyHasADescription() {
		assertThat(properties).isNotEmpty()
			.allSatisfy((name, property) -> assertThat(property.path("description").asText()).as(name).isNotBlank());
	}

	@Test
	void defaultsTakenFromTheBuilderAreShownAsTheyAre() {
		assertThat(duration("earnbase.redis.timeout")).isEqualTo(RedisClientBuilder.DEFAULT_TIMEOUT);
		assertThat(duration("earnbase.redis.connect-timeout")).isEqualTo(RedisClientBuilder.DEFAULT_CONNECT_TIMEOUT);
		assertThat(duration("earnbase.redis.cluster.refresh-period"))
			.isEqualTo(RedisClientBuilder.DEFAULT_CLUSTER_REFRESH_PERIOD);
		assertThat(DataSize.parse(defaultValue("earnbase.redis.max-value-size")).toBytes())
			.isEqualTo(RedisClientBuilder.DEFAULT_MAX_VALUE_BYTES);
		assertThat(Integer.parseInt(defaultValue("earnbase.redis.max-queued-commands")))
			.isEqualTo(RedisClientBuilder.DEFAULT_MAX_QUEUED_COMMANDS);
		assertThat(duration("earnbase.redis.keep-alive.interval"))
			.isEqualTo(RedisClientBuilder.DEFAULT_KEEP_ALIVE_INTERVAL);
		assertThat(Integer.parseInt(defaultValue("earnbase.redis.keep-alive.count")))
			.isEqualTo(RedisClientBuilder.DEFAULT_KEEP_ALIVE_COUNT);
	}

	@Test
	void primitiveDefaultsShownAreTheOptionsRecordsConstants() {
		assertThat(defaultValue("earnbase.redis.cache.namespace")).isEqualTo(RedisCacheOptions.DEFAULT_NAMESPACE);
		assertThat(duration("earnbase.redis.cache.null-ttl")).isEqualTo(RedisCacheOptions.DEFAULT_NULL_TTL);
		assertThat(duration("earnbase.redis.cache.lease-time")).isEqualTo(RedisCacheOptions.DEFAULT_LEASE_TIME);
		assertThat(Double.parseDouble(defaultValue("earnbase.redis.cache.early-refresh-beta")))
			.isEqualTo(RedisCacheOptions.DEFAULT_EARLY_REFRESH_BETA);
		assertThat(defaultValue("earnbase.redis.cache.on-failure"))
			.isEqualTo(propertyValue(RedisCacheOptions.DEFAULT_ON_FAILURE));
		assertThat(Long.parseLong(defaultValue("earnbase.redis.cache.near.max-entries")))
			.isEqualTo(NearCacheOptions.DEFAULT_MAX_ENTRIES);
		assertThat(duration("earnbase.redis.cache.near.ttl")).isEqualTo(NearCacheOptions.DEFAULT_TTL);
		assertThat(defaultValue("earnbase.redis.session.namespace")).isEqualTo(SessionStoreOptions.DEFAULT_NAMESPACE);
		assertThat(duration("earnbase.redis.session.ttl")).isEqualTo(SessionStoreOptions.DEFAULT_TTL);
		assertThat(Boolean.parseBoolean(defaultValue("earnbase.redis.session.sliding")))
			.isEqualTo(SessionStoreOptions.DEFAULT_SLIDING);
		assertThat(defaultValue("earnbase.redis.rate-limiter.namespace"))
			.isEqualTo(RateLimiterOptions.DEFAULT_NAMESPACE);
		assertThat(defaultValue("earnbase.redis.rate-limiter.algorithm"))
			.isEqualTo(propertyValue(RateLimiterOptions.DEFAULT_ALGORITHM));
		assertThat(defaultValue("earnbase.redis.rate-limiter.on-failure"))
			.isEqualTo(propertyValue(RateLimiterOptions.DEFAULT_ON_FAILURE));
		assertThat(defaultValue("earnbase.redis.lock.namespace")).isEqualTo(LockOptions.DEFAULT_NAMESPACE);
		assertThat(duration("earnbase.redis.lock.lease-time")).isEqualTo(LockOptions.DEFAULT_LEASE_TIME);
		assertThat(duration("earnbase.redis.lock.max-hold-time")).isEqualTo(LockOptions.DEFAULT_MAX_HOLD_TIME);
		assertThat(Integer.parseInt(defaultValue("earnbase.redis.lock.replicas-to-ack")))
			.isEqualTo(LockOptions.DEFAULT_REPLICAS_TO_ACK);
		assertThat(duration("earnbase.redis.lock.replicas-ack-timeout"))
			.isEqualTo(LockOptions.DEFAULT_REPLICAS_ACK_TIMEOUT);
		assertThat(defaultValue("earnbase.redis.pubsub.namespace")).isEqualTo(PubSubOptions.DEFAULT_NAMESPACE);
		assertThat(Integer.parseInt(defaultValue("earnbase.redis.pubsub.handler-threads")))
			.isEqualTo(PubSubOptions.DEFAULT_HANDLER_THREADS);
		assertThat(Integer.parseInt(defaultValue("earnbase.redis.pubsub.handler-queue-capacity")))
			.isEqualTo(PubSubOptions.DEFAULT_HANDLER_QUEUE_CAPACITY);
		assertThat(duration("earnbase.redis.pubsub.shutdown-timeout"))
			.isEqualTo(PubSubOptions.DEFAULT_SHUTDOWN_TIMEOUT);
	}

	@Test
	void unboundPrimitivePropertiesGiveTheOptionsRecordsDefaults() {
		assertThat(new EarnbaseRedisCacheProperties().toOptions()).isEqualTo(RedisCacheOptions.defaults());
		assertThat(new EarnbaseRedisSessionProperties().toOptions()).isEqualTo(SessionStoreOptions.defaults());
		assertThat(new EarnbaseRedisRateLimiterProperties().toOptions()).isEqualTo(RateLimiterOptions.defaults());
		assertThat(new EarnbaseRedisLockProperties().toOptions()).isEqualTo(LockOptions.defaults());
		assertThat(new EarnbaseRedisPubSubProperties().toOptions()).isEqualTo(PubSubOptions.defaults());
	}

	private static String propertyValue(Enum<?> constant) {
		return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static Duration duration(String name) {
		return DurationStyle.detectAndParse(defaultValue(name));
	}

	private static String defaultValue(String name) {
		assertThat(properties).containsKey(name);
		return properties.get(name).path("defaultValue").asText();
	}

}
