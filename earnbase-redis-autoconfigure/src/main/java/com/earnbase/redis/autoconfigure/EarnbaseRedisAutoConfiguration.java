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
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link RedisClient} from {@code earnbase.redis.*}. It shares Boot's Lettuce
 * {@link ClientResources}, {@link ObjectMapper} and {@link MeterRegistry} beans when they exist.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
		afterName = { "org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
				"org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration" })
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
		SslBundle ssl = sslBundle(properties, sslBundles);
		if (ssl != null) {
			builder.ssl(ssl.getManagers().getTrustManagerFactory(), ssl.getManagers().getKeyManagerFactory());
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	/**
	 * The SSL bundle named by {@code earnbase.redis.ssl.bundle}.
	 * @param properties the properties
	 * @param sslBundles the application's bundles
	 * @return the bundle, or null when none is named
	 * @throws InvalidRedisPropertyException when the bundle does not exist
	 */
	static SslBundle sslBundle(EarnbaseRedisProperties properties, ObjectProvider<SslBundles> sslBundles) {
		String name = properties.getSsl().getBundle();
		if (name == null) {
			return null;
		}
		String property = EarnbaseRedisProperties.PREFIX + ".ssl.bundle";
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new InvalidRedisPropertyException(property, name,
					"there are no SSL bundles; define it under spring.ssl.bundle.pem." + name + " or .jks." + name);
		}
		try {
			return bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidRedisPropertyException(property, name,
					"no such SSL bundle; define it under spring.ssl.bundle.pem." + name + " or .jks." + name);
		}
	}

}
