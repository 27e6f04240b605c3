package com.earnbase.redis.json;

import com.earnbase.redis.JsonType;

/**
 * Converts values to and from JSON text for the client and its primitives.
 * Implementations never enable default typing: stored text cannot choose which class gets
 * instantiated. {@link JsonCodecs#defaultCodec()} gives the library's default.
 */
public interface JsonCodec {

	/**
	 * Writes a value as JSON.
	 * @param value the value, not null
	 * @return the JSON text
	 * @throws JsonException when the value cannot be written
	 */
	String write(Object value);

	/**
	 * Reads JSON text as a type.
	 * @param <T> the type
	 * @param json the text, not null
	 * @param type the type to read
	 * @return the value
	 * @throws JsonException when the text is not JSON of that type; the message never
	 * contains the text
	 */
	<T> T read(String json, JsonType<T> type);

}
