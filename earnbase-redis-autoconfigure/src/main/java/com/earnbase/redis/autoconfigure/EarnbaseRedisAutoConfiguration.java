package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisClientBuilder;
import com.earnbase.redis.json.Jackson2JsonCodec;
import com.earnbase.redis.json.Jackson3JsonCodec;
import com.earnbase.redis.json.JsonCodec;
import com.earnbase.redis.json.JsonCodecs;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * Auto-configuration of the {@link RedisClient} from {@code earnbase.redis.*}. It shares
 * Boot's Lettuce {@link ClientResources} and {@link MeterRegistry} beans when they exist,
 * and the application's JSON mapper: a unique Jackson 3 {@code JsonMapper} (Boot 4), else
 * a unique Jackson 2 {@code ObjectMapper} (Boot 3.5), else the library's default codec.
 */
@AutoConfiguration(beforeName = { Boot3ClassNames.REDIS_AUTO_CONFIGURATION, Boot4ClassNames.REDIS_AUTO_CONFIGURATION },
		afterName = { Boot3ClassNames.JACKSON_AUTO_CONFIGURATION, Boot4ClassNames.JACKSON_AUTO_CONFIGURATION,
				Boot4ClassNames.JACKSON2_AUTO_CONFIGURATION,
				Boot3ClassNames.COMPOSITE_METER_REGISTRY_AUTO_CONFIGURATION,
				Boot4ClassNames.COMPOSITE_METER_REGISTRY_AUTO_CONFIGURATION,
				Boot3ClassNames.OBSERVATION_AUTO_CONFIGURATION, Boot4ClassNames.OBSERVATION_AUTO_CONFIGURATION,
				Boot3ClassNames.SSL_AUTO_CONFIGURATION })
@EnableConfigurationProperties(EarnbaseRedisProperties.class)
@Import({ EarnbaseRedisAutoConfiguration.Jackson3MapperConfiguration.class,
		EarnbaseRedisAutoConfiguration.Jackson2MapperConfiguration.class })
public class EarnbaseRedisAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(EarnbaseRedisAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(JsonCodec.class)
	JsonCodec earnbaseRedisJsonCodec(ObjectProvider<ApplicationMapper> applicationMappers) {
		ApplicationMapper mapper = applicationMappers.orderedStream()
			.filter((candidate) -> candidate.codec() != null)
			.findFirst()
			.orElse(null);
		if (mapper == null) {
			return JsonCodecs.defaultCodec();
		}
		logger.info("earnbase-redis writes JSON with the application's {}: its settings decide the JSON stored in "
				+ "Redis, which may differ from the library's default wire format", mapper.description());
		return mapper.codec();
	}

	@Bean
	@ConditionalOnMissingBean(RedisClient.class)
	LettuceRedisClient earnbaseRedisClient(EarnbaseRedisProperties properties,
			ObjectProvider<ClientResources> clientResources, ObjectProvider<JsonCodec> jsonCodec,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<RedisClientBuilderCustomizer> customizers) {
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
			.maxQueuedCommands(properties.getMaxQueuedCommands())
			.tcpUserTimeout(properties.getTcpUserTimeout())
			.clientResources(clientResources.getIfUnique())
			.jsonCodec(jsonCodec.getIfUnique())
			.meterRegistry(meterRegistry.getIfUnique())
			.observationRegistry(observationRegistry.getIfUnique());
		if (properties.getDb() != null) {
			builder.db(properties.getDb());
		}
		EarnbaseRedisProperties.KeepAlive keepAlive = properties.getKeepAlive();
		if (keepAlive.getIdle() != null) {
			builder.keepAlive(keepAlive.getIdle(), keepAlive.getInterval(), keepAlive.getCount());
		}
		EarnbaseRedisProperties.Sentinel sentinel = properties.getSentinel();
		builder.sentinelUsername(sentinel.getUsername()).sentinelPassword(sentinel.getPassword());
		if (sentinel.getSsl() != null) {
			builder.sentinelSsl(sentinel.getSsl());
		}
		SslBundle ssl = properties.sslBundle(sslBundles.getIfAvailable());
		if (ssl != null) {
			builder.ssl(ssl.getManagers().getTrustManagerFactory(), ssl.getManagers().getKeyManagerFactory());
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	/**
	 * The application's mapper of one Jackson line as a codec, or a null codec when the
	 * application has no unique one; the first with a codec (by {@code order}) wins.
	 */
	record ApplicationMapper(int order, String description, JsonCodec codec) implements Ordered {

		@Override
		public int getOrder() {
			return this.order;
		}

	}

	/**
	 * Boot 4's Jackson 3 mapper; only where Jackson 3 is, since the bean method names its
	 * class.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
	static class Jackson3MapperConfiguration {

		@Bean
		ApplicationMapper earnbaseRedisJackson3Mapper(
				ObjectProvider<tools.jackson.databind.json.JsonMapper> jsonMapper) {
			tools.jackson.databind.json.JsonMapper mapper = jsonMapper.getIfUnique();
			return new ApplicationMapper(0, "Jackson 3 JsonMapper",
					(mapper != null) ? new Jackson3JsonCodec(mapper) : null);
		}

	}

	/**
	 * Boot 3.5's Jackson 2 mapper; only where Jackson 2 is, since the bean method names
	 * its class.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "com.fasterxml.jackson.databind.ObjectMapper")
	static class Jackson2MapperConfiguration {

		@Bean
		ApplicationMapper earnbaseRedisJackson2Mapper(
				ObjectProvider<com.fasterxml.jackson.databind.ObjectMapper> objectMapper) {
			com.fasterxml.jackson.databind.ObjectMapper mapper = objectMapper.getIfUnique();
			return new ApplicationMapper(1, "Jackson 2 ObjectMapper",
					(mapper != null) ? new Jackson2JsonCodec(mapper) : null);
		}

	}

}
