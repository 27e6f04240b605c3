package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.support.PrimitiveSupport;

/** The one place where the auto-configuration reaches from the application's {@link RedisClient} to the library's. */
final class LibraryClient {

	private LibraryClient() {
	}

	/**
	 * The library's client a primitive is built on.
	 * @param client the application's client bean
	 * @param primitive the primitive about to be built, for the failure
	 * @return the client
	 * @throws UnsupportedRedisClientException when the client was not built by {@link RedisClient#builder()}
	 */
	static LettuceRedisClient of(RedisClient client, String primitive) {
		try {
			// The primitives' constructors still take the Lettuce client; PrimitiveSupport is the seam they will take.
			return (LettuceRedisClient) PrimitiveSupport.of(client);
		}
		catch (IllegalArgumentException ex) {
			throw new UnsupportedRedisClientException(client.getClass().getName(), primitive);
		}
	}

}
