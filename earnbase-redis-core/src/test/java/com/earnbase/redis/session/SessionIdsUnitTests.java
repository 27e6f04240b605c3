package com.earnbase.redis.session;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Shape and randomness of session ids, without Redis. */
class SessionIdsUnitTests {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private final SessionIds ids = new SessionIds();

	@Test
	void idsAreBase64UrlOf46Characters() {
		for (int i = 0; i < 1000; i++) {
			String id = this.ids.newId();
			assertThat(id).hasSize(SessionIds.LENGTH).matches("[A-Za-z0-9_-]{46}");
			assertThat(SessionIds.isWellFormed(id)).isTrue();
			// The part after the tag decodes to 256 bits.
			assertThat(Base64.getUrlDecoder().decode(id.substring(SessionIds.TAG_LENGTH))).hasSize(32);
		}
	}

	@Test
	void randomPartUsesTheWholeAlphabetEvenly() {
		int ids = 100_000;
		int[] counts = new int[128];
		Set<String> unique = new HashSet<>();
		for (int i = 0; i < ids; i++) {
			String id = this.ids.newId();
			unique.add(id);
			// The last character carries only 4 bits, so it is left out of the count.
			for (int c = SessionIds.TAG_LENGTH; c < SessionIds.LENGTH - 1; c++) {
				counts[id.charAt(c)]++;
			}
		}
		assertThat(unique).hasSize(ids);
		double expected = ids * (SessionIds.LENGTH - 1 - SessionIds.TAG_LENGTH) / 64.0;
		for (char c : ALPHABET.toCharArray()) {
			// 65,625 expected per character, standard deviation about 254: 2% is more
			// than 5 deviations.
			assertThat((double) counts[c]).as("count of '%s'", c).isCloseTo(expected, within(expected * 0.02));
		}
	}

	@Test
	void ownerTagIsTheStartOfTheOwnersHashAndRegeneratedIdsKeepTheTag() {
		String hash = SessionIds.ownerHash("alice@example.com");
		assertThat(hash).hasSize(43).doesNotContain("alice");
		assertThat(SessionIds.ownerHash("alice@example.com")).isEqualTo(hash);
		assertThat(SessionIds.ownerHash("bob@example.com")).isNotEqualTo(hash);
		String tag = hash.substring(0, SessionIds.TAG_LENGTH);
		String id = this.ids.newId(tag);
		assertThat(SessionIds.tag(id)).isEqualTo(tag);
		assertThat(this.ids.newId(SessionIds.tag(id))).startsWith(tag).isNotEqualTo(id);
	}

	@Test
	void malformedIdsAreRecognised() {
		String valid = this.ids.newId();
		assertThat(SessionIds.isWellFormed(valid.substring(1))).isFalse();
		assertThat(SessionIds.isWellFormed(valid + "a")).isFalse();
		assertThat(SessionIds.isWellFormed("/" + valid.substring(1))).isFalse();
		assertThat(SessionIds.isWellFormed("+" + valid.substring(1))).isFalse();
		assertThat(SessionIds.isWellFormed(valid.substring(1) + "=")).isFalse();
		assertThat(SessionIds.isWellFormed("{" + valid.substring(1))).isFalse();
		assertThat(SessionIds.isWellFormed("")).isFalse();
	}

}
