package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.pubsub.PubSubOptions;
import com.earnbase.redis.pubsub.PubSubService;
import com.earnbase.redis.pubsub.RedisPubSubService;
import com.earnbase.redis.support.PrimitiveSupport;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link PubSubService} from {@code earnbase.redis.pubsub.*}.
 * It publishes a {@link RedisPubSubResubscribedEvent} after every resubscription and is
 * closed (unsubscribing and draining its handlers) when the context closes, before the
 * client.
 */
@AutoConfiguration(after = EarnbaseRedisAutoConfiguration.class)
@ConditionalOnBean(RedisClient.class)
@ConditionalOnProperty(prefix = EarnbaseRedisPubSubProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(EarnbaseRedisPubSubProperties.class)
public class EarnbaseRedisPubSubAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(PubSubService.class)
	RedisPubSubService earnbasePubSubService(RedisClient client, EarnbaseRedisPubSubProperties properties,
			ApplicationEventPublisher events) {
		RedisClient library = LibraryClient.of(client, "pub/sub service");
		PubSubOptions options = properties.toOptions();
		if (options.sharded() && !PrimitiveSupport.of(library).isCluster()) {
			throw new InvalidRedisPropertyException(EarnbaseRedisPubSubProperties.PREFIX + ".sharded", "true",
					"sharded pub/sub needs a Redis Cluster (" + EarnbaseRedisProperties.PREFIX
							+ ".cluster.nodes); standalone and Sentinel use classic pub/sub");
		}
		RedisPubSubService service = new RedisPubSubService(library, options);
		service.onResubscribed(() -> events.publishEvent(new RedisPubSubResubscribedEvent(service)));
		return service;
	}

}
