package com.earnbase.redis.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script with its SHA-1, run by {@link PrimitiveSupport#eval} as EVALSHA and
 * re-sent as EVAL only when the server no longer has it (after a restart or SCRIPT
 * FLUSH).
 *
 * @param name a short name, used as the {@code command} tag of the timer
 * @param source the Lua text
 * @param sha1 the script's SHA-1 in hex, as Redis computes it
 */
public record RedisScript(String name, String source, String sha1) {

	/**
	 * Creates a script and computes its digest.
	 * @param name a short name for metrics
	 * @param source the Lua text
	 * @return the script
	 */
	public static RedisScript of(String name, String source) {
		Arguments.requireText("name", name);
		Arguments.requireText("source", source);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
			return new RedisScript(name, source, HexFormat.of().formatHex(digest));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is required by the Java platform", ex);
		}
	}

	/**
	 * Loads a script from a class-path resource next to the given class.
	 * @param owner the class whose package holds the resource
	 * @param resource the file name, e.g. {@code sliding-window.lua}
	 * @param name a short name for metrics
	 * @return the script
	 */
	public static RedisScript load(Class<?> owner, String resource, String name) {
		try (InputStream in = owner.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Lua script " + resource + " not found beside " + owner.getName());
			}
			return of(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
