package com.earnbase.redis.pubsub;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** {@link PubSubOptions} checks and the escaping of pattern prefixes, without Redis. */
class PubSubOptionsUnitTests {

	@Test
	void defaults() {
		PubSubOptions options = PubSubOptions.defaults();
		assertThat(options.namespace()).isEqualTo("channel");
		assertThat(options.handlerThreads()).isEqualTo(4);
		assertThat(options.handlerQueueCapacity()).isEqualTo(10_000);
		assertThat(options.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(options.sharded()).isFalse();
		assertThat(options.tagChannels()).isFalse();
	}

	@Test
	void withersChangeOnlyTheirSetting() {
		PubSubOptions options = PubSubOptions.defaults()
			.withNamespace("events")
			.withHandlerThreads(2)
			.withHandlerQueueCapacity(10)
			.withShutdownTimeout(Duration.ofSeconds(1))
			.withSharded(true)
			.withTagChannels(true);
		assertThat(options).isEqualTo(new PubSubOptions("events", 2, 10, Duration.ofSeconds(1), true, true));
	}

	@Test
	void invalidSettingsAreRejectedByName() {
		PubSubOptions defaults = PubSubOptions.defaults();
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withNamespace(" "))
			.withMessageContaining("namespace");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withHandlerThreads(0))
			.withMessageContaining("handlerThreads");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withHandlerQueueCapacity(-1))
			.withMessageContaining("handlerQueueCapacity");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withShutdownTimeout(Duration.ZERO))
			.withMessageContaining("shutdownTimeout");
	}

}
