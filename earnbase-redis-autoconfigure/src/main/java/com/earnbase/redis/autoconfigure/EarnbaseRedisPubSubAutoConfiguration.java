package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.pubsub.PubSubOptions;
import com.earnbase.redis.pubsub.PubSubService;
import com.earnbase.redis.pubsub.RedisPubSubService;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link PubSubService} from {@code earnbase.redis.pubsub.*}. It publishes a
 * {@link RedisPubSubResubscribedEvent} after every resubscription and is closed (unsubscribing and draining its
 * handlers) when the context closes, before the client.
 */
@AutoConfiguration(after = EarnbaseRedisAutoConfiguration.class)
@ConditionalOnBean(LettuceRedisClient.class)
@ConditionalOnProperty(prefix = "earnbase.redis.pubsub", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(EarnbaseRedisProperties.class)
public class EarnbaseRedisPubSubAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(PubSubService.class)
	RedisPubSubService earnbasePubSubService(LettuceRedisClient client, EarnbaseRedisProperties properties,
			ApplicationEventPublisher events) {
		EarnbaseRedisProperties.Pubsub pubsub = properties.getPubsub();
		if (pubsub.isSharded() && !client.isCluster()) {
			throw new InvalidRedisPropertyException(EarnbaseRedisProperties.PREFIX + ".pubsub.sharded", "true",
					"sharded pub/sub needs a Redis Cluster (" + EarnbaseRedisProperties.PREFIX
							+ ".cluster.nodes); standalone and Sentinel use classic pub/sub");
		}
		RedisPubSubService service = new RedisPubSubService(client,
				new PubSubOptions(pubsub.getNamespace(), pubsub.getHandlerThreads(), pubsub.getHandlerQueueCapacity(),
						pubsub.getShutdownTimeout(), pubsub.isSharded(), pubsub.isTagChannels()));
		service.onResubscribed(() -> events.publishEvent(new RedisPubSubResubscribedEvent(service)));
		return service;
	}

}
