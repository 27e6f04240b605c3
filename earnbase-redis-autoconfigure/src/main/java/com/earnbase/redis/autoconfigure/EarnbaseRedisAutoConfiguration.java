package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisClientBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link RedisClient} from {@code earnbase.redis.*}. It shares Boot's Lettuce
 * {@link ClientResources}, {@link ObjectMapper} and {@link MeterRegistry} beans when they exist.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
		afterName = { "org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration" })
@EnableConfigurationProperties(EarnbaseRedisProperties.class)
public class EarnbaseRedisAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(RedisClient.class)
	LettuceRedisClient earnbaseRedisClient(EarnbaseRedisProperties properties,
			ObjectProvider<ClientResources> clientResources, ObjectProvider<ObjectMapper> objectMapper,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<RedisClientBuilderCustomizer> customizers) {
		RedisClientBuilder builder = RedisClient.builder()
			.url(properties.getUrl())
			.clusterNodes(properties.getCluster().getNodes())
			.readFromReplicas(properties.getCluster().isReadFromReplicas())
			.prefix(properties.getPrefix())
			.defaultTtl(properties.getTtl())
			.timeout(properties.getTimeout())
			.connectTimeout(properties.getConnectTimeout())
			.maxValueBytes(properties.getMaxValueSize().toBytes())
			.retryReads(properties.getRetry().getMaxAttempts(), properties.getRetry().getBackoff())
			.clientResources(clientResources.getIfUnique())
			.objectMapper(objectMapper.getIfUnique())
			.meterRegistry(meterRegistry.getIfUnique());
		if (properties.getDb() != null) {
			builder.db(properties.getDb());
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

}
