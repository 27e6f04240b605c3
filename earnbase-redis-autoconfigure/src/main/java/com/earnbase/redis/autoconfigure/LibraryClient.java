package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.support.PrimitiveSupport;

/**
 * The one place where the auto-configuration checks that the application's
 * {@link RedisClient} is the library's own, which every primitive, the health indicator
 * and the server gauges need. Internal: not an application API.
 */
public final class LibraryClient {

	private LibraryClient() {
	}

	/**
	 * Checks that a feature can be built on the application's client.
	 * @param client the application's client bean
	 * @param feature the feature about to be built, named in the failure, e.g.
	 * {@code cache}
	 * @return the client
	 * @throws UnsupportedRedisClientException when the client was not built by
	 * {@link RedisClient#builder()}
	 */
	public static RedisClient of(RedisClient client, String feature) {
		try {
			PrimitiveSupport.of(client);
			return client;
		}
		catch (IllegalArgumentException ex) {
			throw new UnsupportedRedisClientException(client.getClass().getName(), feature);
		}
	}

}
