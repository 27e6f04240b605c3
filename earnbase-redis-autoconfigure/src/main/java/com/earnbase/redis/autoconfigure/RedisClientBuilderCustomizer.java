package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.RedisClientBuilder;

/**
 * Callback that adjusts the auto-configured client's builder after the
 * {@code earnbase.redis.*} properties.
 */
@FunctionalInterface
public interface RedisClientBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, with the properties applied
	 */
	void customize(RedisClientBuilder builder);

}
