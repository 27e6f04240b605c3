package com.earnbase.redis.cache;

import java.io.IOException;
import java.util.function.Predicate;

import com.earnbase.redis.RedisSerializationException;
import com.earnbase.redis.support.JsonCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes and reads the JSON envelope a cached value is stored in: {@code {"d":<compute ms>,"t":"<class>","v":<value>}},
 * or {@code {"d":..,"absent":true}} for a cached null; values are read as a type the caller names, or as the
 * recorded class when the caller's trusted types accept it.
 */
final class CacheEnvelope {

	private final JsonCodec json;

	private final ObjectMapper mapper;

	private final ClassLoader classLoader;

	CacheEnvelope(JsonCodec json, ClassLoader classLoader) {
		this.json = json;
		this.mapper = json.mapper();
		this.classLoader = classLoader;
	}

	/**
	 * The envelope of a value.
	 * @param valueKey the Redis key, named in errors
	 * @param value the value, or null for "absent"
	 * @param computeMillis how long the factory took, for early refresh
	 * @return the JSON text to store
	 */
	String write(String valueKey, Object value, long computeMillis) {
		if (value == null) {
			return "{\"d\":" + computeMillis + ",\"absent\":true}";
		}
		String json = this.json.write("cache.write", valueKey, value);
		return "{\"d\":" + computeMillis + ",\"t\":" + quote(value.getClass().getName()) + ",\"v\":" + json + "}";
	}

	/**
	 * Parses a stored envelope.
	 * @param valueKey the Redis key, named in errors
	 * @param text the stored text
	 * @return the envelope
	 * @throws RedisSerializationException when the text is not a cache entry
	 */
	JsonNode parse(String valueKey, String text) {
		try {
			JsonNode node = this.mapper.readTree(text);
			if (node == null || !node.isObject() || !(node.has("v") || node.has("absent"))) {
				throw new RedisSerializationException("cache.get",
						"the value of key '" + valueKey + "' is not a cache entry", null);
			}
			return node;
		}
		catch (JsonProcessingException ex) {
			throw new RedisSerializationException("cache.get",
					"the value of key '" + valueKey + "' is not a cache entry: " + ex.getClass().getSimpleName(), null);
		}
	}

	/** How long the value of an envelope took to compute, in ms (0 when unknown). */
	static long computeMillis(JsonNode envelope) {
		return envelope.path("d").asLong(0);
	}

	/** Reads values as the given type. */
	Reader typed(JavaType type) {
		return (valueKey, envelope) -> value(valueKey, envelope, type);
	}

	/** Reads values as the class recorded when they were written, if {@code trustedTypes} accepts its name. */
	Reader recorded(Predicate<String> trustedTypes) {
		return (valueKey, envelope) -> {
			if (!envelope.has("v")) {
				return null;
			}
			String name = envelope.path("t").asText("");
			if (name.isEmpty() || !trustedTypes.test(name)) {
				throw new RedisSerializationException("cache.get", "the value of key '" + valueKey + "' has type '"
						+ name + "', which is not trusted (earnbase.redis.cache.trusted-packages)", null);
			}
			try {
				return value(valueKey, envelope, this.mapper.constructType(Class.forName(name, false, this.classLoader)));
			}
			catch (ClassNotFoundException ex) {
				throw new RedisSerializationException("cache.get",
						"the value of key '" + valueKey + "' has unknown type '" + name + "'", null);
			}
		};
	}

	private Object value(String valueKey, JsonNode envelope, JavaType type) {
		JsonNode value = envelope.get("v");
		if (value == null || value.isNull()) {
			return null;
		}
		try {
			return this.mapper.readerFor(type).readValue(value);
		}
		catch (IOException ex) {
			throw new RedisSerializationException("cache.get", "the value of key '" + valueKey
					+ "' is not JSON of type " + type.toCanonical() + ": " + ex.getClass().getSimpleName(), null);
		}
	}

	private String quote(String text) {
		try {
			return this.mapper.writeValueAsString(text);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Reads a value out of a stored envelope. */
	@FunctionalInterface
	interface Reader {

		Object read(String valueKey, JsonNode envelope);

	}

}
