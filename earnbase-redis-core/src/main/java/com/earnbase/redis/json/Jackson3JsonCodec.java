package com.earnbase.redis.json;

import com.earnbase.redis.JsonType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link JsonCodec} on Jackson 3 ({@code tools.jackson.databind}), the Jackson of
 * Spring Boot 4.
 */
public final class Jackson3JsonCodec implements JsonCodec {

	private final JsonMapper mapper;

	/**
	 * Creates a codec on a copy of the given mapper with default typing switched off.
	 * @param mapper the application's mapper
	 */
	public Jackson3JsonCodec(JsonMapper mapper) {
		if (mapper == null) {
			throw new IllegalArgumentException("mapper must not be null");
		}
		this.mapper = mapper.rebuild().deactivateDefaultTyping().build();
	}

	/** Creates a codec on {@link #defaultMapper()}. */
	public Jackson3JsonCodec() {
		this(defaultMapper());
	}

	/**
	 * The mapper that writes the library's wire format (see the README), byte for byte
	 * what {@link Jackson2JsonCodec#defaultMapper()} writes: Jackson 3's defaults, with
	 * the ones that differ from the Jackson 2 default set back (property order, enums by
	 * name, lenient reading of nulls and trailing text, no JSON for a value without
	 * properties).
	 * @return a new mapper
	 */
	public static JsonMapper defaultMapper() {
		return JsonMapper.builder()
			.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
			.disable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
			.disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
			.disable(EnumFeature.WRITE_ENUMS_USING_TO_STRING)
			.disable(EnumFeature.READ_ENUMS_USING_TO_STRING)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
			.build();
	}

	@Override
	public String write(Object value) {
		try {
			return this.mapper.writeValueAsString(value);
		}
		catch (JacksonException ex) {
			throw JsonException.writeFailure(value, ex);
		}
	}

	@Override
	public <T> T read(String json, JsonType<T> type) {
		JavaType javaType = this.mapper.getTypeFactory().constructType(type.type());
		try {
			return this.mapper.readValue(json, javaType);
		}
		catch (JacksonException ex) {
			int line = (ex.getLocation() != null) ? ex.getLocation().getLineNr() : -1;
			int column = (ex.getLocation() != null) ? ex.getLocation().getColumnNr() : -1;
			throw JsonException.readFailure(javaType.toCanonical(), line, column, ex);
		}
	}

}
