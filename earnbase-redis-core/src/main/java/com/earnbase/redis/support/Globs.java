package com.earnbase.redis.support;

/**
 * Builds Redis glob patterns (SCAN MATCH, PSUBSCRIBE) out of literal text. Internal: for
 * the library's primitives, not an application API.
 */
public final class Globs {

	private Globs() {
	}

	/**
	 * Escapes the glob characters of Redis patterns, so that the text matches only
	 * itself.
	 * @param text the text
	 * @return the text with {@code * ? [ ] \} escaped by a backslash
	 */
	public static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length() + 8);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

}
