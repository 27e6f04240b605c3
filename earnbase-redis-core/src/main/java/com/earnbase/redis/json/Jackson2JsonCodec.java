package com.earnbase.redis.json;

import com.earnbase.redis.JsonType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * A {@link JsonCodec} on Jackson 2 ({@code com.fasterxml.jackson.databind}), for
 * applications on Spring Boot 3.5 or without Jackson 3.
 */
public final class Jackson2JsonCodec implements JsonCodec {

	private final ObjectMapper mapper;

	/**
	 * Creates a codec on a copy of the given mapper with default typing switched off.
	 * @param mapper the application's mapper
	 */
	public Jackson2JsonCodec(ObjectMapper mapper) {
		if (mapper == null) {
			throw new IllegalArgumentException("mapper must not be null");
		}
		this.mapper = mapper.copy();
		this.mapper.deactivateDefaultTyping();
	}

	/** Creates a codec on {@link #defaultMapper()}. */
	public Jackson2JsonCodec() {
		this(defaultMapper());
	}

	/**
	 * The mapper that writes the library's wire format (see the README): ISO-8601 dates
	 * and durations, properties in declaration order, enums by name, unknown properties
	 * ignored on read, offsets kept as written.
	 * @return a new mapper
	 */
	public static ObjectMapper defaultMapper() {
		return JsonMapper.builder()
			.addModule(new JavaTimeModule())
			.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
			.disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
			.disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
			.disable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
			.disable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
			.build();
	}

	@Override
	public String write(Object value) {
		try {
			return this.mapper.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw JsonException.writeFailure(value, ex);
		}
	}

	@Override
	public <T> T read(String json, JsonType<T> type) {
		JavaType javaType = this.mapper.getTypeFactory().constructType(type.type());
		try {
			return this.mapper.readValue(json, javaType);
		}
		catch (JsonProcessingException ex) {
			int line = (ex.getLocation() != null) ? ex.getLocation().getLineNr() : -1;
			int column = (ex.getLocation() != null) ? ex.getLocation().getColumnNr() : -1;
			throw JsonException.readFailure(javaType.toCanonical(), line, column, ex);
		}
	}

}
