package com.earnbase.redis.autoconfigure;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisConnectionLostException;
import com.earnbase.redis.RedisQueueFullException;
import com.earnbase.redis.testsupport.FaultProxy;
import com.earnbase.redis.testsupport.RedisSentinelFixture;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The network properties reach the auto-configured client: the queue bound
 * ({@code earnbase.redis.max-queued-commands}), the silent-peer timeout
 * ({@code earnbase.redis.tcp-user-timeout}, which without the native transport on this
 * module's test classpath announces its fallback) and the Sentinels' own password
 * ({@code earnbase.redis.sentinel.password}).
 */
class EarnbaseRedisNetworkAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EarnbaseRedisAutoConfiguration.class));

	@Test
	void maxQueuedCommandsBoundsTheClientsQueue() {
		try (RedisServerProcess server = RedisTestServer.dedicated(); FaultProxy proxy = FaultProxy.to(server)) {
			this.runner.withPropertyValues("earnbase.redis.url=" + proxy.url(), "earnbase.redis.max-queued-commands=5")
				.run((context) -> {
					RedisClient client = context.getBean(RedisClient.class);
					client.set("k", "v");
					proxy.blackhole();
					for (int i = 0; i < 5; i++) {
						client.async().set("k" + i, "v");
					}
					CompletableFuture<String> refused = client.async().get("k");
					assertThatThrownBy(refused::join).isInstanceOf(CompletionException.class)
						.cause()
						.isInstanceOfSatisfying(RedisQueueFullException.class,
								(ex) -> assertThat(ex.maxQueuedCommands()).isEqualTo(5));
					proxy.restore();
				});
		}
	}

	@Test
	void tcpUserTimeoutReachesTheClientAndSaysWhatItFallsBackTo() {
		Logger logger = (Logger) LoggerFactory.getLogger(LettuceRedisClient.class);
		ListAppender<ILoggingEvent> logs = new ListAppender<>();
		logs.start();
		logger.addAppender(logs);
		try {
			this.runner
				.withPropertyValues("earnbase.redis.url=" + RedisTestServer.shared().url(),
						"earnbase.redis.tcp-user-timeout=7s", "earnbase.redis.keep-alive.idle=30s")
				.run((context) -> {
					assertThat(context.getBean(RedisClient.class).ping()).isNotNull();
					List<String> warnings = logs.list.stream()
						.filter((event) -> event.getLevel() == Level.WARN)
						.map(ILoggingEvent::getFormattedMessage)
						.toList();
					assertThat(warnings).filteredOn((message) -> message.contains("earnbase.redis.tcp-user-timeout"))
						.singleElement()
						.satisfies((message) -> assertThat(message).contains("netty-transport-native-epoll")
							.contains("7000 ms"));
				});
		}
		finally {
			logger.detachAppender(logs);
		}
	}

	@Test
	@Tag("slow")
	void theSentinelsOwnPasswordComesFromItsProperty() {
		try (RedisSentinelFixture sentinels = RedisSentinelFixture.dedicatedSecured(false)) {
			ApplicationContextRunner secured = this.runner.withPropertyValues("earnbase.redis.url=" + sentinels.url(),
					"earnbase.redis.username=" + RedisSentinelFixture.DATA_USER,
					"earnbase.redis.password=" + RedisSentinelFixture.DATA_PASSWORD);
			secured.withPropertyValues("earnbase.redis.sentinel.password=" + RedisSentinelFixture.SENTINEL_PASSWORD)
				.run((context) -> {
					RedisClient client = context.getBean(RedisClient.class);
					client.set("k", "v");
					assertThat(client.get("k")).isEqualTo("v");
				});
			secured.run((context) -> {
				Throwable failure = context.getStartupFailure();
				assertThat(failure).isNotNull();
				RedisConnectionLostException lost = cause(failure, RedisConnectionLostException.class);
				assertThat(lost).isNotNull();
				assertThat(lost.getMessage()).contains("earnbase.redis.sentinel.password")
					.doesNotContain(RedisSentinelFixture.DATA_PASSWORD)
					.doesNotContain(RedisSentinelFixture.SENTINEL_PASSWORD);
			});
		}
	}

	private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
