package com.earnbase.redis.cache;

import java.util.function.Predicate;

import com.earnbase.redis.JsonType;
import com.earnbase.redis.RedisSerializationException;
import com.earnbase.redis.support.Json;

/**
 * Writes and reads the JSON envelope a cached value is stored in: {@code {"d":<compute
 * ms>,"t":"<class>","v":<value>}}, or {@code {"d":..,"absent":true}} for a cached null;
 * values are read as a type the caller names, or as the recorded class when the caller's
 * trusted types accept it. The envelope is split without the codec, so that its bytes do
 * not depend on which Jackson writes or reads it; only the value goes through the codec.
 */
final class CacheEnvelope {

	private static final JsonType<String> STRING = JsonType.of(String.class);

	private final Json json;

	private final ClassLoader classLoader;

	CacheEnvelope(Json json, ClassLoader classLoader) {
		this.json = json;
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
		String type = this.json.write("cache.write", valueKey, value.getClass().getName());
		return "{\"d\":" + computeMillis + ",\"t\":" + type + ",\"v\":" + json + "}";
	}

	/**
	 * Parses a stored envelope.
	 * @param valueKey the Redis key, named in errors
	 * @param text the stored text
	 * @return the envelope
	 * @throws RedisSerializationException when the text is not a cache entry
	 */
	Stored parse(String valueKey, String text) {
		Stored stored = Stored.split(text);
		if (stored == null || (stored.value() == null && !stored.absent())) {
			throw new RedisSerializationException("cache.get",
					"the value of key '" + valueKey + "' is not a cache entry", null);
		}
		return stored;
	}

	/** Reads values as the given type. */
	Reader typed(JsonType<?> type) {
		return new Reader() {
			@Override
			public Object read(String valueKey, Stored envelope) {
				return value(valueKey, envelope, type);
			}

			@Override
			public Object memoKey() {
				return type;
			}
		};
	}

	/**
	 * Reads values as the class recorded when they were written, if {@code trustedTypes}
	 * accepts its name.
	 */
	Reader recorded(Predicate<String> trustedTypes) {
		return new Reader() {
			@Override
			public Object read(String valueKey, Stored envelope) {
				return readRecorded(valueKey, envelope, trustedTypes);
			}

			@Override
			public Object memoKey() {
				return trustedTypes;
			}
		};
	}

	private Object readRecorded(String valueKey, Stored envelope, Predicate<String> trustedTypes) {
		if (envelope.value() == null) {
			return null;
		}
		String name = (envelope.type() != null && envelope.type().startsWith("\""))
				? this.json.read("cache.get", valueKey, envelope.type(), STRING) : "";
		if (name.isEmpty() || !trustedTypes.test(name)) {
			throw new RedisSerializationException("cache.get", "the value of key '" + valueKey + "' has type '" + name
					+ "', which is not trusted (earnbase.redis.cache.trusted-packages)", null);
		}
		try {
			return value(valueKey, envelope, JsonType.of(Class.forName(name, false, this.classLoader)));
		}
		catch (ClassNotFoundException ex) {
			throw new RedisSerializationException("cache.get",
					"the value of key '" + valueKey + "' has unknown type '" + name + "'", null);
		}
	}

	private Object value(String valueKey, Stored envelope, JsonType<?> type) {
		String value = envelope.value();
		if (value == null || value.equals("null")) {
			return null;
		}
		return this.json.read("cache.get", valueKey, value, type);
	}

	/** Reads a value out of a stored envelope. */
	@FunctionalInterface
	interface Reader {

		Object read(String valueKey, Stored envelope);

		/**
		 * What makes two readers decode alike (the type, or the trusted types of a
		 * recorded reader), so that a near cache copy decodes once per kind of reader;
		 * null when values must be decoded on every read.
		 */
		default Object memoKey() {
			return null;
		}

	}

	/**
	 * A stored envelope split into its members' JSON text.
	 *
	 * @param computeMillis how long the value took to compute, in ms (0 when unknown)
	 * @param type the JSON text of the recorded class name, or null
	 * @param value the JSON text of the value, or null when there is none
	 * @param absent whether the envelope has the member that marks a cached "absent"
	 */
	record Stored(long computeMillis, String type, String value, boolean absent) {

		/**
		 * Splits the top-level members of a JSON object, or returns null when the text is
		 * not one.
		 */
		static Stored split(String text) {
			long computeMillis = 0;
			String type = null;
			String value = null;
			boolean absent = false;
			int i = skipSpace(text, 0);
			if (i >= text.length() || text.charAt(i) != '{') {
				return null;
			}
			i = skipSpace(text, i + 1);
			boolean empty = i < text.length() && text.charAt(i) == '}';
			while (!empty) {
				int nameEnd = (i < text.length() && text.charAt(i) == '"') ? skipValue(text, i) : -1;
				int colon = (nameEnd < 0) ? -1 : skipSpace(text, nameEnd);
				if (colon >= text.length() || colon < 0 || text.charAt(colon) != ':') {
					return null;
				}
				int start = skipSpace(text, colon + 1);
				int end = skipValue(text, start);
				if (end < 0) {
					return null;
				}
				String member = text.substring(start, end);
				switch (text.substring(i + 1, nameEnd - 1)) {
					case "d" -> computeMillis = parseLong(member);
					case "t" -> type = member;
					case "v" -> value = member;
					case "absent" -> absent = true;
					default -> {
					}
				}
				i = skipSpace(text, end);
				if (i < text.length() && text.charAt(i) == '}') {
					break;
				}
				if (i >= text.length() || text.charAt(i) != ',') {
					return null;
				}
				i = skipSpace(text, i + 1);
			}
			return (skipSpace(text, i + 1) == text.length()) ? new Stored(computeMillis, type, value, absent) : null;
		}

		private static long parseLong(String text) {
			try {
				return Long.parseLong(text);
			}
			catch (NumberFormatException ex) {
				return 0;
			}
		}

		private static int skipSpace(String text, int i) {
			while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
				i++;
			}
			return i;
		}

		/**
		 * The index after the JSON value starting at {@code i}, or -1 when it does not
		 * end.
		 */
		private static int skipValue(String text, int i) {
			int depth = 0;
			boolean inString = false;
			for (int j = i; j < text.length(); j++) {
				char c = text.charAt(j);
				if (inString) {
					if (c == '\\') {
						j++;
					}
					else if (c == '"') {
						inString = false;
						if (depth == 0) {
							return j + 1;
						}
					}
				}
				else if (c == '"') {
					inString = true;
				}
				else if (c == '{' || c == '[') {
					depth++;
				}
				else if (c == '}' || c == ']') {
					if (depth == 0) {
						return (j > i) ? j : -1;
					}
					if (--depth == 0) {
						return j + 1;
					}
				}
				else if (depth == 0 && (c == ',' || Character.isWhitespace(c))) {
					return (j > i) ? j : -1;
				}
			}
			return (depth == 0 && !inString && text.length() > i) ? text.length() : -1;
		}

	}

}
