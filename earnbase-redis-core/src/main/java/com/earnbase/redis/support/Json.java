package com.earnbase.redis.support;

import com.earnbase.redis.JsonType;
import com.earnbase.redis.RedisSerializationException;
import com.earnbase.redis.json.JsonCodec;
import com.earnbase.redis.json.JsonException;

/**
 * The client's {@link JsonCodec} as the client and its primitives use it: failures become
 * {@link RedisSerializationException}s naming the operation and the key, never the
 * payload.
 */
public final class Json {

	private final JsonCodec codec;

	/**
	 * Wraps a codec.
	 * @param codec the codec
	 */
	public Json(JsonCodec codec) {
		this.codec = Arguments.requireNonNull("jsonCodec", codec);
	}

	/**
	 * The codec, for callers that name keys in their own errors.
	 * @return the codec
	 */
	public JsonCodec codec() {
		return this.codec;
	}

	/**
	 * Writes a value as JSON.
	 * @param operation the operation, for the error message
	 * @param key the key the value is for, for the error message
	 * @param value the value
	 * @return the JSON text
	 * @throws RedisSerializationException when the value cannot be written
	 */
	public String write(String operation, String key, Object value) {
		try {
			return this.codec.write(value);
		}
		catch (JsonException ex) {
			throw new RedisSerializationException(operation, ex.getMessage() + " for key '" + key + "'", ex);
		}
	}

	/**
	 * Reads JSON text.
	 * @param <T> the type
	 * @param operation the operation, for the error message
	 * @param key the key the text came from, for the error message
	 * @param json the text, may be null
	 * @param type the type to read
	 * @return the value, or {@code null} when {@code json} is null
	 * @throws RedisSerializationException naming the key and type when the text is not
	 * JSON of that type
	 */
	public <T> T read(String operation, String key, String json, JsonType<T> type) {
		if (json == null) {
			return null;
		}
		try {
			return this.codec.read(json, type);
		}
		catch (JsonException ex) {
			// not the cause: a codec's cause may quote the payload
			throw new RedisSerializationException(operation, "the value of key '" + key + "' is " + ex.getMessage(),
					null);
		}
	}

}
