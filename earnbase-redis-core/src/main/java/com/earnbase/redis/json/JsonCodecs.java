package com.earnbase.redis.json;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the library's default {@link JsonCodec} from the Jackson on the classpath.
 */
public final class JsonCodecs {

	private static final Logger logger = LoggerFactory.getLogger(JsonCodecs.class);

	private JsonCodecs() {
	}

	/**
	 * The default codec: Jackson 3 when {@code tools.jackson.core:jackson-databind} is on
	 * the classpath, else Jackson 2 ({@code com.fasterxml.jackson.core:jackson-databind}
	 * with {@code jackson-datatype-jsr310}). Both write the same wire format.
	 * @return a new codec on the library's default mapper
	 * @throws IllegalStateException when neither Jackson is on the classpath
	 */
	public static JsonCodec defaultCodec() {
		ClassLoader classLoader = JsonCodecs.class.getClassLoader();
		boolean jackson2 = isPresent("com.fasterxml.jackson.databind.ObjectMapper", classLoader)
				&& isPresent("com.fasterxml.jackson.datatype.jsr310.JavaTimeModule", classLoader);
		if (isPresent("tools.jackson.databind.json.JsonMapper", classLoader)) {
			try {
				return new Jackson3JsonCodec();
			}
			catch (LinkageError ex) {
				// e.g. Jackson 3 beside the jackson-annotations of a Jackson 2 line that
				// is too old for it
				if (!jackson2) {
					throw ex;
				}
				logger.warn("Jackson 3 is on the classpath but cannot be loaded ({}); using Jackson 2, which writes "
						+ "the same JSON", ex.toString());
			}
		}
		if (jackson2) {
			return new Jackson2JsonCodec();
		}
		throw new IllegalStateException(
				"earnbase-redis needs Jackson for JSON: add tools.jackson.core:jackson-databind "
						+ "(Jackson 3, Spring Boot 4) or com.fasterxml.jackson.core:jackson-databind with "
						+ "com.fasterxml.jackson.datatype:jackson-datatype-jsr310 (Jackson 2, Spring Boot 3.5), "
						+ "or give the builder a JsonCodec");
	}

	private static boolean isPresent(String className, ClassLoader classLoader) {
		try {
			Class.forName(className, false, classLoader);
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
