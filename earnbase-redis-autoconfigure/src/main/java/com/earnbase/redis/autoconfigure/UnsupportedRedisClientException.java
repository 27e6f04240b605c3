package com.earnbase.redis.autoconfigure;

/**
 * The application's {@code RedisClient} bean was not built by
 * {@code RedisClient.builder()}, and a primitive that needs the library's own client is
 * switched on.
 */
public class UnsupportedRedisClientException extends RuntimeException {

	private final String clientType;

	private final String primitive;

	/**
	 * Creates the exception.
	 * @param clientType the class of the application's client
	 * @param primitive the primitive that needs the library's client, e.g. {@code cache}
	 */
	public UnsupportedRedisClientException(String clientType, String primitive) {
		super("The RedisClient bean is a " + clientType + ", not a client built by RedisClient.builder(): the earnbase "
				+ primitive + " needs the library's own client");
		this.clientType = clientType;
		this.primitive = primitive;
	}

	/**
	 * The class of the application's client.
	 * @return the class name
	 */
	public String getClientType() {
		return this.clientType;
	}

	/**
	 * The primitive that was being built.
	 * @return the primitive, e.g. {@code cache}
	 */
	public String getPrimitive() {
		return this.primitive;
	}

}
