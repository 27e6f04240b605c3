package com.earnbase.redis.support;

import com.earnbase.redis.RedisSerializationException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Converts values to and from JSON for the client and its primitives. Default typing is always switched off on
 * the mapper it uses, so a stored payload cannot choose which class gets instantiated.
 */
public final class JsonCodec {

	private final ObjectMapper mapper;

	/**
	 * Creates a codec on a copy of the given mapper with default typing switched off.
	 * @param mapper the application's mapper
	 */
	public JsonCodec(ObjectMapper mapper) {
		this.mapper = Arguments.requireNonNull("objectMapper", mapper).copy();
		this.mapper.deactivateDefaultTyping();
	}

	/**
	 * The mapper used when the application supplies none: Java time types as ISO strings, unknown properties
	 * ignored so that old instances can read values written by newer ones.
	 * @return a new mapper
	 */
	public static ObjectMapper defaultObjectMapper() {
		return JsonMapper.builder()
			.addModule(new JavaTimeModule())
			.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();
	}

	/**
	 * The mapper this codec uses.
	 * @return the mapper
	 */
	public ObjectMapper mapper() {
		return this.mapper;
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
			return this.mapper.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new RedisSerializationException(operation,
					"cannot write a " + value.getClass().getName() + " as JSON for key '" + key + "'", ex);
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
	 * @throws RedisSerializationException naming the key and type when the text is not JSON of that type
	 */
	public <T> T read(String operation, String key, String json, JavaType type) {
		if (json == null) {
			return null;
		}
		try {
			return this.mapper.readValue(json, type);
		}
		catch (JsonProcessingException ex) {
			String where = (ex.getLocation() != null)
					? " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")" : "";
			throw new RedisSerializationException(operation, "the value of key '" + key + "' is not JSON of type "
					+ type.toCanonical() + where + ": " + ex.getClass().getSimpleName(), null);
		}
	}

	/**
	 * The Jackson type for a class.
	 * @param type the class
	 * @return its Jackson type
	 */
	public JavaType type(Class<?> type) {
		return this.mapper.getTypeFactory().constructType(Arguments.requireNonNull("type", type));
	}

	/**
	 * The Jackson type for a type reference.
	 * @param type the reference
	 * @return its Jackson type
	 */
	public JavaType type(com.fasterxml.jackson.core.type.TypeReference<?> type) {
		return this.mapper.getTypeFactory().constructType(Arguments.requireNonNull("type", type));
	}

}
