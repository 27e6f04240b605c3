package com.earnbase.redis.cache;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The cache settings and their checks, without Redis. */
class RedisCacheOptionsUnitTests {

	@Test
	void defaultsAreTheDocumentedOnes() {
		RedisCacheOptions defaults = RedisCacheOptions.defaults();
		assertThat(defaults.namespace()).isEqualTo("cache");
		assertThat(defaults.ttl()).isNull();
		assertThat(defaults.nullTtl()).isEqualTo(Duration.ofSeconds(60));
		assertThat(defaults.leaseTime()).isEqualTo(Duration.ofSeconds(10));
		assertThat(defaults.earlyRefresh()).isFalse();
		assertThat(defaults.earlyRefreshBeta()).isEqualTo(1.0);
		assertThat(defaults.cacheName()).isNull();
		assertThat(RedisCacheOptions.FALLBACK_TTL).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void withersChangeOneSettingEach() {
		RedisCacheOptions options = RedisCacheOptions.defaults()
			.withNamespace("c")
			.withTtl(Duration.ofMinutes(2))
			.withNullTtl(Duration.ofSeconds(3))
			.withLeaseTime(Duration.ofSeconds(4))
			.withEarlyRefresh(true, 2.5)
			.withCacheName("users");
		assertThat(options).isEqualTo(new RedisCacheOptions("c", Duration.ofMinutes(2), Duration.ofSeconds(3),
				Duration.ofSeconds(4), true, 2.5, "users"));
	}

	@Test
	void invalidSettingsAreRejectedNamingTheSetting() {
		RedisCacheOptions defaults = RedisCacheOptions.defaults();
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withNamespace(" "))
			.withMessageContaining("namespace");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withTtl(Duration.ofSeconds(-1)))
			.withMessageContaining("ttl");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withNullTtl(null))
			.withMessageContaining("nullTtl");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withLeaseTime(Duration.ofNanos(10)))
			.withMessageContaining("leaseTime");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withEarlyRefresh(true, 0))
			.withMessageContaining("earlyRefreshBeta");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withEarlyRefresh(true, Double.NaN))
			.withMessageContaining("earlyRefreshBeta");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withCacheName(""))
			.withMessageContaining("cacheName");
	}

}
