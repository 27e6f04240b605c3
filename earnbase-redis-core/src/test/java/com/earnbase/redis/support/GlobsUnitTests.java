package com.earnbase.redis.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Globs#escape(String)}: every glob character of Redis is escaped, nothing else.
 */
class GlobsUnitTests {

	@Test
	void everyGlobCharacterIsEscapedByABackslash() {
		assertThat(Globs.escape("*")).isEqualTo("\\*");
		assertThat(Globs.escape("?")).isEqualTo("\\?");
		assertThat(Globs.escape("[")).isEqualTo("\\[");
		assertThat(Globs.escape("]")).isEqualTo("\\]");
		assertThat(Globs.escape("\\")).isEqualTo("\\\\");
		assertThat(Globs.escape("a*b?c[d]e\\f")).isEqualTo("a\\*b\\?c\\[d\\]e\\\\f");
	}

	@Test
	void otherTextIsKeptAsItIs() {
		assertThat(Globs.escape("")).isEmpty();
		assertThat(Globs.escape("app:cache:{user:1}-^!é")).isEqualTo("app:cache:{user:1}-^!é");
	}

}
