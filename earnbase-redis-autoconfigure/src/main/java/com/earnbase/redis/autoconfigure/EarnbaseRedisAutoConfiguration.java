package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisClientBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link RedisClient} from {@code earnbase.redis.*}. It shares Boot's Lettuce
 * {@link ClientResources}, {@link ObjectMapper} and {@link MeterRegistry} beans when they exist.
 */
@AutoConfiguration(
		beforeName = { Boot3ClassNames.REDIS_AUTO_CONFIGURATION, Boot4ClassNames.REDIS_AUTO_CONFIGURATION },
		afterName = { Boot3ClassNames.JACKSON_AUTO_CONFIGURATION, Boot4ClassNames.JACKSON_AUTO_CONFIGURATION,
				Boot4ClassNames.JACKSON2_AUTO_CONFIGURATION, Boot3ClassNames.COMPOSITE_METER_REGISTRY_AUTO_CONFIGURATION,
				Boot4ClassNames.COMPOSITE_METER_REGISTRY_AUTO_CONFIGURATION,
				Boot3ClassNames.OBSERVATION_AUTO_CONFIGURATION, Boot4ClassNames.OBSERVATION_AUTO_CONFIGURATION,
				Boot3ClassNames.SSL_AUTO_CONFIGURATION })
@EnableConfigurationProperties(EarnbaseRedisProperties.class)
public class EarnbaseRedisAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(RedisClient.class)
	LettuceRedisClient earnbaseRedisClient(EarnbaseRedisProperties properties,
			ObjectProvider<ClientResources> clientResources, ObjectProvider<ObjectMapper> objectMapper,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<RedisClientBuilderCustomizer> customizers) {
		RedisClientBuilder builder = RedisClient.builder()
			.url(properties.getUrl())
			.username(properties.getUsername())
			.password(properties.getPassword())
			.clusterNodes(properties.getCluster().getNodes())
			.readFromReplicas(properties.getCluster().isReadFromReplicas())
			.clusterRefreshPeriod(properties.getCluster().getRefreshPeriod())
			.prefix(properties.getPrefix())
			.defaultTtl(properties.getTtl())
			.timeout(properties.getTimeout())
			.connectTimeout(properties.getConnectTimeout())
			.maxValueBytes(properties.getMaxValueSize().toBytes())
			.flushConsolidation(properties.isFlushConsolidation())
			.retryReads(properties.getRetry().getMaxAttempts(), properties.getRetry().getBackoff())
			.clientResources(clientResources.getIfUnique())
			.objectMapper(objectMapper.getIfUnique())
			.meterRegistry(meterRegistry.getIfUnique())
			.observationRegistry(observationRegistry.getIfUnique());
		if (properties.getDb() != null) {
			builder.db(properties.getDb());
		}
		SslBundle ssl = properties.sslBundle(sslBundles.getIfAvailable());
		if (ssl != null) {
			builder.ssl(ssl.getManagers().getTrustManagerFactory(), ssl.getManagers().getKeyManagerFactory());
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

}
