package com.earnbase.redis.support;

import java.util.concurrent.ThreadFactory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** {@link DaemonThreads}: threads are daemons and named as asked. */
class DaemonThreadsUnitTests {

	@Test
	void namedFactoryGivesEveryThreadTheNameAndMakesItADaemon() {
		ThreadFactory factory = DaemonThreads.named("earnbase-test");
		Thread first = factory.newThread(() -> {
		});
		Thread second = factory.newThread(() -> {
		});
		assertThat(first.getName()).isEqualTo("earnbase-test");
		assertThat(second.getName()).isEqualTo("earnbase-test");
		assertThat(first.isDaemon()).isTrue();
		assertThat(second.isDaemon()).isTrue();
	}

	@Test
	void numberedFactoryCountsFromOnePerFactory() {
		ThreadFactory factory = DaemonThreads.numbered("earnbase-test-");
		assertThat(factory.newThread(() -> {
		}).getName()).isEqualTo("earnbase-test-1");
		Thread second = factory.newThread(() -> {
		});
		assertThat(second.getName()).isEqualTo("earnbase-test-2");
		assertThat(second.isDaemon()).isTrue();
		assertThat(DaemonThreads.numbered("other-").newThread(() -> {
		}).getName()).isEqualTo("other-1");
	}

	@Test
	void theTaskRuns() throws InterruptedException {
		boolean[] ran = new boolean[1];
		Thread thread = DaemonThreads.named("earnbase-test").newThread(() -> ran[0] = true);
		thread.start();
		thread.join(5000);
		assertThat(ran[0]).isTrue();
	}

	@Test
	void blankNamesAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> DaemonThreads.named(" "));
		assertThatIllegalArgumentException().isThrownBy(() -> DaemonThreads.numbered(""));
	}

}
