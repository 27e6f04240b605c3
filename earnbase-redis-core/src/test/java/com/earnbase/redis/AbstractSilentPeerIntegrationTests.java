package com.earnbase.redis;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.earnbase.redis.support.Failures;
import com.earnbase.redis.testsupport.SilentNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A server that vanishes silently (every packet dropped, no reset, no FIN) while commands
 * are in flight, through a {@link SilentNetwork} of the test's own: calls fail within the
 * command timeout, the connection is given up within {@code tcp-user-timeout}, and after
 * the path returns the client works again by itself within seconds, instead of waiting
 * for TCP's next retransmission (exponential back-off: about 11 s after a 14 s outage,
 * and up to two minutes after longer ones) or, for the connection to be declared dead,
 * for about 15 minutes. Subclasses run it with and without Netty's native transport.
 */
@Tag("slow")
abstract class AbstractSilentPeerIntegrationTests {

	static final Duration TIMEOUT = Duration.ofSeconds(1);

	static final Duration TCP_USER_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * Long enough for the connection to be given up and for several reconnect attempts to
	 * fail, so that Lettuce's reconnect back-off has grown when the path returns.
	 */
	private static final Duration OUTAGE = Duration.ofSeconds(8);

	/** Slack for a loaded build machine; a hang would exceed it by far. */
	private static final Duration MARGIN = Duration.ofMillis(1500);

	/** How soon after the path returns commands must work again. */
	private static final Duration RECOVERY = Duration.ofSeconds(5);

	private static SilentNetwork network;

	final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	private final Logger clientLogger = (Logger) LoggerFactory.getLogger(LettuceRedisClient.class);

	@BeforeAll
	static void createNetwork() {
		String reason = SilentNetwork.unavailableReason();
		assumeTrue(reason == null, reason);
		network = SilentNetwork.start();
	}

	@AfterAll
	static void deleteNetwork() {
		if (network != null) {
			network.close();
		}
	}

	@BeforeEach
	void captureLogs() {
		this.logs.start();
		this.clientLogger.addAppender(this.logs);
	}

	@AfterEach
	void releaseLogs() {
		this.clientLogger.detachAppender(this.logs);
	}

	/** Whether this run has Netty's native transport, which sets TCP_USER_TIMEOUT. */
	abstract boolean nativeTransport();

	/** What the subclass checks in the client's log. */
	abstract void checkLogs(List<ILoggingEvent> events);

	@Test
	void callsFailWithinTheTimeoutTheConnectionIsGivenUpInTimeAndTheClientRecoversByItself() throws Exception {
		if (!nativeTransport()) {
			// Named with -Dtest, the class runs in the module's main surefire run too.
			assumeFalse(SocketSupport.tcpUserTimeoutSupported(),
					"runs without the epoll jar, in the surefire run of the profile without-native-transport");
		}
		assertThat(SocketSupport.tcpUserTimeoutSupported()).as("native transport").isEqualTo(nativeTransport());
		Queue<Call> calls = new ConcurrentLinkedQueue<>();
		ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "silent-peer-traffic");
			thread.setDaemon(true);
			return thread;
		});
		try (LettuceRedisClient client = RedisClient.builder()
			.url(network.url())
			.prefix("silent")
			.timeout(TIMEOUT)
			.connectTimeout(Duration.ofSeconds(1))
			.tcpUserTimeout(TCP_USER_TIMEOUT)
			.build()) {
			client.set("k", "v");
			traffic.scheduleAtFixedRate(() -> {
				long sent = System.nanoTime();
				client.async()
					.get("k")
					.whenComplete((value, error) -> calls
						.add(new Call(sent, System.nanoTime(), (error != null) ? Failures.unwrap(error) : null)));
			}, 0, 50, TimeUnit.MILLISECONDS);
			Thread.sleep(500);
			long cutMillis = System.currentTimeMillis();
			long cut = System.nanoTime();
			network.cut();
			Thread.sleep(OUTAGE.toMillis());
			long restored = System.nanoTime();
			network.restore();
			long deadline = restored + Duration.ofSeconds(30).toNanos();
			while (calls.stream().noneMatch((call) -> call.sent() > restored && call.error() == null)
					&& System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			traffic.shutdownNow();
			List<Call> all = List.copyOf(calls);
			List<Call> duringOutage = all.stream()
				.filter((call) -> call.sent() > cut && call.sent() < restored)
				.toList();
			long slowestMillis = duringOutage.stream().mapToLong(Call::millis).max().orElse(-1);
			long failed = duringOutage.stream().filter((call) -> call.error() != null).count();
			Long lostAfterMillis = this.logs.list.stream()
				.filter((event) -> event.getFormattedMessage().startsWith("Redis connection lost")
						&& event.getTimeStamp() >= cutMillis)
				.map((event) -> event.getTimeStamp() - cutMillis)
				.findFirst()
				.orElse(null);
			long recoveredAfterMillis = all.stream()
				.filter((call) -> call.sent() > restored && call.error() == null)
				.mapToLong((call) -> TimeUnit.NANOSECONDS.toMillis(call.done() - restored))
				.min()
				.orElse(-1);
			System.out.printf(
					"silent peer (%s transport, timeout %d ms, tcp-user-timeout %d ms, outage %d s): %d calls during "
							+ "the outage, %d failed, slowest %d ms; connection given up %s ms after the cut; "
							+ "first successful call %d ms after the path returned%n",
					nativeTransport() ? "native epoll" : "NIO", TIMEOUT.toMillis(), TCP_USER_TIMEOUT.toMillis(),
					OUTAGE.toSeconds(), duringOutage.size(), failed, slowestMillis, lostAfterMillis,
					recoveredAfterMillis);
			assertThat(duringOutage).as("calls made during the outage").isNotEmpty();
			assertThat(failed).as("calls that failed during the outage").isPositive();
			assertThat(Duration.ofMillis(slowestMillis)).as("no call waited longer than the command timeout")
				.isLessThan(TIMEOUT.plus(MARGIN));
			assertThat(lostAfterMillis).as("the silent connection was given up").isNotNull();
			assertThat(Duration.ofMillis(lostAfterMillis)).as("time until the connection was given up")
				.isLessThan(TCP_USER_TIMEOUT.plus(MARGIN));
			assertThat(recoveredAfterMillis).as("a call succeeded after the path returned").isNotNegative();
			assertThat(Duration.ofMillis(recoveredAfterMillis)).as("time until calls succeed again")
				.isLessThan(RECOVERY);
			assertThat(client.get("k")).isEqualTo("v");
			checkLogs(
					this.logs.list.stream().filter((event) -> event.getLevel().isGreaterOrEqual(Level.WARN)).toList());
		}
		finally {
			traffic.shutdownNow();
		}
	}

	/** One call of the traffic: when it was sent and completed, and how it failed. */
	record Call(long sent, long done, Throwable error) {

		long millis() {
			return TimeUnit.NANOSECONDS.toMillis(this.done - this.sent);
		}

	}

}
