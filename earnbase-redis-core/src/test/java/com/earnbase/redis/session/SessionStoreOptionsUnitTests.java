package com.earnbase.redis.session;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Defaults and checks of {@link SessionStoreOptions}. */
class SessionStoreOptionsUnitTests {

	@Test
	void defaults() {
		SessionStoreOptions options = SessionStoreOptions.defaults();
		assertThat(options.namespace()).isEqualTo("session");
		assertThat(options.ttl()).isEqualTo(Duration.ofMinutes(30));
		assertThat(options.sliding()).isTrue();
		assertThat(options.withNamespace("web").withTtl(Duration.ofSeconds(5)).withSliding(false))
			.isEqualTo(new SessionStoreOptions("web", Duration.ofSeconds(5), false));
	}

	@Test
	void invalidOptionsAreRejectedNamingTheArgument() {
		SessionStoreOptions options = SessionStoreOptions.defaults();
		assertThatIllegalArgumentException().isThrownBy(() -> options.withNamespace(" "))
			.withMessageContaining("namespace");
		assertThatIllegalArgumentException().isThrownBy(() -> options.withNamespace("web{1}"))
			.withMessageContaining("namespace");
		assertThatIllegalArgumentException().isThrownBy(() -> options.withTtl(Duration.ZERO))
			.withMessageContaining("ttl");
		assertThatIllegalArgumentException().isThrownBy(() -> options.withTtl(Duration.ofNanos(10)))
			.withMessageContaining("ttl");
		assertThatIllegalArgumentException().isThrownBy(() -> options.withTtl(null)).withMessageContaining("ttl");
	}

}
