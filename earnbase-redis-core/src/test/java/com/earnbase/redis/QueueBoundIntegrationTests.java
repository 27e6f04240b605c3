package com.earnbase.redis;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.earnbase.redis.support.Failures;
import com.earnbase.redis.testsupport.FaultProxy;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bound on queued commands ({@code earnbase.redis.max-queued-commands}) against a
 * server behind a {@link FaultProxy} that stops forwarding: a flood of async commands
 * leaves the heap bounded, the commands beyond the bound fail at once with
 * {@link RedisQueueFullException}, and the client works again when the server answers.
 */
class QueueBoundIntegrationTests {

	private static final int FLOOD = 200_000;

	/**
	 * Heap the flood may add, measured after GC: the default bound keeps about 10,000
	 * commands of about 1 KB; without a bound the 200,000 take about 10 times this.
	 */
	private static final long HEAP_BOUND_BYTES = 64L * 1024 * 1024;

	private static final Duration TIMEOUT = RedisClientBuilder.DEFAULT_TIMEOUT;

	/** 500 characters that every value of the flood starts with. */
	private static final String FILLER = "x".repeat(500);

	private static RedisServerProcess server;

	private FaultProxy proxy;

	@BeforeAll
	static void startServer() {
		server = RedisTestServer.dedicated();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@BeforeEach
	void openProxy() {
		this.proxy = FaultProxy.to(server);
	}

	@AfterEach
	void closeProxy() {
		this.proxy.close();
	}

	private RedisClientBuilder clientBuilder() {
		return RedisClient.builder().url(this.proxy.url()).prefix("queue").timeout(TIMEOUT);
	}

	@Test
	@Tag("slow")
	void aFloodAtABlackholedServerFailsFastBeyondTheDefaultBoundWithTheHeapBoundedAndTheClientRecovers() {
		try (LettuceRedisClient client = clientBuilder().build()) {
			client.set("warm", "up");
			long heapBefore = usedHeapAfterGc();
			this.proxy.blackhole();
			Flood flood = flood(client);
			long heapDuring = usedHeapAfterGc();
			long grown = heapDuring - heapBefore;
			int bound = RedisClientBuilder.DEFAULT_MAX_QUEUED_COMMANDS;
			System.out
				.printf("flood of %d sets: submitted in %d ms; %d refused (RedisQueueFullException), %d accepted; "
						+ "refusal latency p50 %d us, p99 %d us, max %d us; heap after GC %d MB before, %d MB during "
						+ "(+%d MB)%n", FLOOD, flood.submitMillis, flood.refused.get(), FLOOD - flood.refused.get(),
						flood.refusalMicros(0.5), flood.refusalMicros(0.99), flood.refusalMicros(1.0), heapBefore >> 20,
						heapDuring >> 20, grown >> 20);
			assertThat(flood.other.get()).as("no other failure than a full queue while submitting").isNull();
			// At most the bound waits in the connection's stack, and at most the bound
			// more
			// waits for the I/O thread (those may time out before it refuses them).
			assertThat(flood.refused.get()).as("commands beyond the bound are refused")
				.isGreaterThanOrEqualTo(FLOOD - 2 * bound);
			assertThat(flood.firstRefusal.get().maxQueuedCommands()).isEqualTo(bound);
			assertThat(flood.firstRefusal.get()).hasMessageContaining("'set'")
				.hasMessageContaining(String.valueOf(bound))
				.hasMessageContaining("earnbase.redis.max-queued-commands");
			// Without the bound nothing is refused: every command waits the full timeout.
			assertThat(Duration.ofNanos(flood.refusalMicros(0.5) * 1000))
				.as("refusals come at once, not after the command timeout")
				.isLessThan(TIMEOUT.dividedBy(2));
			assertThat(grown).as("heap added by %d queued commands", FLOOD).isLessThan(HEAP_BOUND_BYTES);
			assertThatThrownBy(() -> client.get("warm")).as("a sync call while the queue is full")
				.isInstanceOf(RedisQueueFullException.class);
			long restored = System.nanoTime();
			this.proxy.restore();
			awaitWorking(client);
			System.out.printf("client worked again %d ms after the server answered%n",
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restored));
			assertThat(client.get("warm")).isEqualTo("up");
		}
	}

	@Test
	void aSmallBoundRefusesSyncAndAsyncCallsWithTheTypedExceptionAndCountsAsUnavailable() {
		try (LettuceRedisClient client = clientBuilder().maxQueuedCommands(50).build()) {
			client.set("k", "v");
			this.proxy.blackhole();
			CompletableFuture<?>[] accepted = new CompletableFuture<?>[50];
			for (int i = 0; i < accepted.length; i++) {
				accepted[i] = client.async().set("k" + i, "v");
			}
			long start = System.nanoTime();
			assertThatThrownBy(() -> client.increment("n")).isInstanceOf(RedisQueueFullException.class)
				.hasMessageContaining("'incr'")
				.hasMessageContaining("50 commands")
				.satisfies((ex) -> assertThat(Failures.isUnavailable(ex)).isTrue());
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.dividedBy(2));
			assertThatThrownBy(() -> client.async().get("k").join()).isInstanceOf(CompletionException.class)
				.cause()
				.isInstanceOf(RedisQueueFullException.class)
				.hasMessageContaining("'get'");
			this.proxy.restore();
			awaitWorking(client);
			assertThat(client.get("k")).isEqualTo("v");
		}
	}

	@Test
	void sharedResourcesGetTheBoundWithoutALogLinePerRefusedCall() {
		ClientResources shared = DefaultClientResources.create();
		Logger endpoint = (Logger) LoggerFactory.getLogger("io.lettuce.core.protocol");
		ListAppender<ILoggingEvent> logs = new ListAppender<>();
		logs.start();
		endpoint.addAppender(logs);
		try (LettuceRedisClient client = clientBuilder().clientResources(shared).maxQueuedCommands(50).build()) {
			client.set("k", "v");
			this.proxy.blackhole();
			AtomicInteger refused = new AtomicInteger();
			for (int i = 0; i < 2_000; i++) {
				client.async().set("k" + i, "v").whenComplete((ok, error) -> {
					if (Failures.unwrap(error) instanceof RedisQueueFullException) {
						refused.incrementAndGet();
					}
				});
			}
			RedisServerProcess.awaitUntil("the refusals", Duration.ofSeconds(10), () -> refused.get() >= 2_000 - 100);
			// Lettuce's own refusal on the I/O thread logs a WARN with a stack trace per
			// call.
			assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
				.noneMatch((message) -> message.contains("size exceeded"));
			this.proxy.restore();
			awaitWorking(client);
		}
		finally {
			endpoint.detachAppender(logs);
			shared.shutdown(0, 2, TimeUnit.SECONDS);
		}
	}

	@Test
	void theBoundIsCheckedBeforeAnyConnection() {
		assertThatThrownBy(() -> RedisClient.builder().url("redis://127.0.0.1:1").maxQueuedCommands(0).build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("maxQueuedCommands must be positive but was 0");
		assertThatThrownBy(() -> RedisClient.builder().url("redis://127.0.0.1:1").maxQueuedCommands(-5).build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("maxQueuedCommands");
	}

	/** Submits the flood without keeping its futures; the callbacks count outcomes. */
	private static Flood flood(LettuceRedisClient client) {
		Flood flood = new Flood();
		long start = System.nanoTime();
		for (int i = 0; i < FLOOD; i++) {
			long sent = System.nanoTime();
			client.async().set("flood:" + i, i + FILLER).whenComplete((ok, error) -> flood.completed(sent, error));
		}
		flood.submitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		// Refusals complete on the caller's thread or on the event loop just after; the
		// assertions tell when too few came.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (flood.refused.get() < FLOOD - RedisClientBuilder.DEFAULT_MAX_QUEUED_COMMANDS
				&& System.nanoTime() < deadline) {
			sleep(20);
		}
		return flood;
	}

	private static void awaitWorking(LettuceRedisClient client) {
		RedisServerProcess.awaitUntil("the client working again", Duration.ofSeconds(15), () -> {
			client.set("probe", "ok");
			return "ok".equals(client.get("probe"));
		});
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
			sleep(100);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/** What happened to the flood's commands. */
	private static final class Flood {

		final AtomicInteger refused = new AtomicInteger();

		final AtomicReference<RedisQueueFullException> firstRefusal = new AtomicReference<>();

		final AtomicReference<Throwable> other = new AtomicReference<>();

		/** Nanoseconds from sending to refusal, one slot per refusal. */
		final AtomicLongArray refusalNanos = new AtomicLongArray(FLOOD);

		long submitMillis;

		void completed(long sent, Throwable error) {
			if (error == null) {
				return;
			}
			Throwable cause = Failures.unwrap(error);
			if (cause instanceof RedisQueueFullException full) {
				int index = this.refused.getAndIncrement();
				this.refusalNanos.set(index, System.nanoTime() - sent);
				this.firstRefusal.compareAndSet(null, full);
			}
			else if (!(cause instanceof RedisOperationTimeoutException)) {
				this.other.compareAndSet(null, cause);
			}
		}

		long refusalMicros(double quantile) {
			int count = this.refused.get();
			if (count == 0) {
				return 0;
			}
			long[] sorted = new long[count];
			for (int i = 0; i < count; i++) {
				sorted[i] = this.refusalNanos.get(i);
			}
			Arrays.sort(sorted);
			return sorted[Math.min(count - 1, (int) (quantile * count))] / 1000;
		}

	}

}
