package com.earnbase.redis.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Session ids: a 3-character hash-slot tag followed by 256 random bits, all base64url
 * without padding (46 characters, URL- and cookie-safe).
 * <p>
 * The tag puts a session's key in a Redis Cluster hash slot. A session without owner gets
 * a random tag; a session with an owner gets the first 18 bits of the SHA-256 of the
 * owner id, so that all of an owner's sessions and the owner's index share a slot; a
 * regenerated id keeps its predecessor's tag. The tag carries no secret: the 256 random
 * bits alone make an id unguessable.
 */
final class SessionIds {

	/** Length of the slot tag at the start of every id. */
	static final int TAG_LENGTH = 3;

	/** Random bytes after the tag: 256 bits. */
	private static final int RANDOM_BYTES = 32;

	/** Length of a whole id: the tag plus 43 characters for 32 bytes. */
	static final int LENGTH = TAG_LENGTH + 43;

	private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{" + LENGTH + "}");

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final SecureRandom random = new SecureRandom();

	/**
	 * A new id for a session without owner, in a random slot.
	 * @return the id
	 */
	String newId() {
		byte[] tagBytes = new byte[3];
		this.random.nextBytes(tagBytes);
		// 3 bytes give 4 characters, of which the tag takes 3 (18 random bits).
		return newId(BASE64URL.encodeToString(tagBytes).substring(0, TAG_LENGTH));
	}

	/**
	 * A new id with the given slot tag.
	 * @param tag the tag of the owner or of the session being regenerated
	 * @return the id
	 */
	String newId(String tag) {
		byte[] bytes = new byte[RANDOM_BYTES];
		this.random.nextBytes(bytes);
		return tag + BASE64URL.encodeToString(bytes);
	}

	/**
	 * Whether a string has the shape of an id; anything else cannot be a session and is
	 * not looked up.
	 * @param id the candidate, not null
	 * @return true when well formed
	 */
	static boolean isWellFormed(String id) {
		return id.length() == LENGTH && SHAPE.matcher(id).matches();
	}

	/**
	 * The slot tag of a well-formed id.
	 * @param id the id
	 * @return its tag
	 */
	static String tag(String id) {
		return id.substring(0, TAG_LENGTH);
	}

	/**
	 * The SHA-256 of an owner id in base64url: names the owner's index without storing
	 * the owner id in key names.
	 * @param ownerId the owner id
	 * @return 43 characters; the first {@link #TAG_LENGTH} are the owner's slot tag
	 */
	static String ownerHash(String ownerId) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(ownerId.getBytes(StandardCharsets.UTF_8));
			return BASE64URL.encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by the Java platform", ex);
		}
	}

}
