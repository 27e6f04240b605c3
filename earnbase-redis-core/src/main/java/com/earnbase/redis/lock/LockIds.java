package com.earnbase.redis.lock;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes the lock ids (owner tokens): 22 characters of URL-safe Base64 without padding
 * (128 bits), unique and unguessable like the random UUIDs they replace, without a
 * {@link SecureRandom} call per id (SHA-1 work on the acquiring thread in a profile).
 * <p>
 * An id is AES-128 of a counter under a key drawn once from {@link SecureRandom} (what
 * CTR mode's keystream is). Under one key AES is a permutation, so distinct counters give
 * distinct ids: no id repeats while the 64-bit counter does not wrap (centuries at a
 * billion ids a second). Another JVM has another random key, so its ids are as unrelated
 * to these as random 128-bit values. Without the key, an id says nothing about any other
 * id, so an id handed to someone (to release that one lock) does not let them forge the
 * id of another lock, which a visible counter would.
 */
final class LockIds {

	private static final LockIds JVM = new LockIds(new SecureRandom());

	/** Required of every Java platform ({@link Cipher}'s documentation). */
	private static final String TRANSFORMATION = "AES/ECB/NoPadding";

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final SecretKeySpec key;

	private final AtomicLong counter = new AtomicLong();

	/**
	 * Ciphers are not thread-safe and cost microseconds to create: one is borrowed per
	 * id. The pool grows only to the number of ids made at the same instant (one
	 * encryption, well under a microsecond), so a pool rather than a thread local, which
	 * would create one per virtual thread.
	 */
	private final Queue<Cipher> ciphers = new ConcurrentLinkedQueue<>();

	/**
	 * A generator with its own key; ids are unique per generator, so the library uses one
	 * per JVM ({@link #next()}).
	 * @param random the source of the key
	 */
	LockIds(SecureRandom random) {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		this.key = new SecretKeySpec(bytes, "AES");
	}

	/**
	 * The next id of this JVM.
	 * @return a new id
	 */
	static String next() {
		return JVM.nextId();
	}

	/**
	 * The next id of this generator.
	 * @return a new id
	 */
	String nextId() {
		long count = this.counter.getAndIncrement();
		byte[] block = new byte[16];
		for (int i = 0; i < Long.BYTES; i++) {
			block[15 - i] = (byte) (count >>> (8 * i));
		}
		Cipher cipher = this.ciphers.poll();
		try {
			if (cipher == null) {
				cipher = Cipher.getInstance(TRANSFORMATION);
				cipher.init(Cipher.ENCRYPT_MODE, this.key);
			}
			cipher.doFinal(block, 0, block.length, block, 0);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot make a lock id with " + TRANSFORMATION, ex);
		}
		this.ciphers.offer(cipher);
		return BASE64URL.encodeToString(block);
	}

}
