package com.earnbase.redis;

import com.earnbase.redis.support.Arguments;

/**
 * The client's names and limits: key and channel checks, the prefix, and the size of
 * values, counted in UTF-8.
 */
final class Names {

	/**
	 * The longest key or channel accepted, in UTF-8 bytes, prefix excluded: longer ones
	 * are taken for a bug.
	 */
	static final int MAX_KEY_BYTES = 64 * 1024;

	private final String prefix;

	private final long maxValueBytes;

	Names(String prefix, long maxValueBytes) {
		this.prefix = prefix;
		this.maxValueBytes = maxValueBytes;
	}

	/**
	 * The prefix as the client applies it: with a trailing colon, or empty.
	 * @param prefix the configured prefix, or null
	 * @return the prefix to apply
	 */
	static String normalizePrefix(String prefix) {
		if (prefix == null || prefix.isEmpty()) {
			return "";
		}
		if (prefix.isBlank()) {
			throw new IllegalArgumentException("prefix must not be blank");
		}
		return prefix.endsWith(":") ? prefix : prefix + ":";
	}

	String prefix() {
		return this.prefix;
	}

	/**
	 * A key or channel checked, then prefixed.
	 * @param argument what the name is, for messages: {@code key} or {@code channel}
	 * @param name the name, without the prefix
	 * @return the name with the prefix
	 */
	String prefixed(String argument, String name) {
		checkName(argument, name);
		return this.prefix.isEmpty() ? name : this.prefix.concat(name);
	}

	String checkValue(String value) {
		Arguments.requireNonNull("value", value);
		// Counted without encoding: a value far over the limit must not cost a buffer of
		// its own size.
		long bytes = utf8Length(value);
		if (bytes < 0) {
			throw new IllegalArgumentException("value contains an unpaired UTF-16 surrogate at index " + (-bytes - 1)
					+ ", which UTF-8 cannot store; it would be read back as '?'");
		}
		if (bytes > this.maxValueBytes) {
			throw new IllegalArgumentException(
					"value is " + bytes + " bytes, over the limit of " + this.maxValueBytes + " bytes (maxValueBytes)");
		}
		return value;
	}

	private static void checkName(String argument, String name) {
		Arguments.requireText(argument, name);
		long bytes = utf8Length(name);
		if (bytes < 0) {
			throw new IllegalArgumentException(argument + " contains an unpaired UTF-16 surrogate at index "
					+ (-bytes - 1) + ", which UTF-8 cannot store: distinct " + argument
					+ "s would map to the same Redis name");
		}
		if (bytes > MAX_KEY_BYTES) {
			throw new IllegalArgumentException(
					argument + " is " + bytes + " bytes, over the limit of " + MAX_KEY_BYTES + " bytes");
		}
	}

	/**
	 * The UTF-8 length of a string, without encoding it.
	 * @return the length, or {@code -1 - index} of the first unpaired surrogate
	 */
	static long utf8Length(String text) {
		long bytes = 0;
		for (int i = 0, n = text.length(); i < n; i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes++;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return -1L - i;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

}
