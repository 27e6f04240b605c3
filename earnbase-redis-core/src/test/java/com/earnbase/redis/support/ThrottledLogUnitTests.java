package com.earnbase.redis.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link ThrottledLog}: one logged occurrence per interval, and the count of those
 * suppressed in between.
 */
class ThrottledLogUnitTests {

	private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(5));

	private final ThrottledLog log = new ThrottledLog(Duration.ofSeconds(1), this.now::get);

	@Test
	void firstOccurrenceIsLogged() {
		assertThat(this.log.occurred()).isEqualTo(1);
	}

	@Test
	void occurrencesWithinTheIntervalAreSuppressedAndCountedInTheNextLoggedOne() {
		assertThat(this.log.occurred()).isEqualTo(1);
		advance(999);
		assertThat(this.log.occurred()).isZero();
		assertThat(this.log.occurred(5)).isZero();
		advance(1);
		assertThat(this.log.occurred()).isEqualTo(7);
		assertThat(this.log.occurred()).isZero();
		advance(1000);
		assertThat(this.log.occurred()).isEqualTo(2);
	}

	@Test
	void aLongQuietPeriodLogsTheNextOccurrenceAlone() {
		this.log.occurred();
		advance(60_000);
		assertThat(this.log.occurred(3)).isEqualTo(3);
	}

	@Test
	void drainTakesTheSuppressedOccurrencesOnce() {
		assertThat(this.log.occurred()).isEqualTo(1);
		this.log.occurred(3);
		assertThat(this.log.drain()).isEqualTo(3);
		assertThat(this.log.drain()).isZero();
		advance(1000);
		assertThat(this.log.occurred()).isEqualTo(1);
	}

	@Test
	void badArgumentsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.log.occurred(0)).withMessageContaining("count");
		assertThatIllegalArgumentException().isThrownBy(() -> new ThrottledLog(Duration.ZERO))
			.withMessageContaining("interval");
	}

	private void advance(long millis) {
		this.now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
	}

}
