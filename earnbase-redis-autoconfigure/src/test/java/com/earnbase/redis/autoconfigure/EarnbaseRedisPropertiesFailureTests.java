package com.earnbase.redis.autoconfigure;

import java.io.PrintWriter;
import java.io.StringWriter;

import com.earnbase.redis.RedisConnectionLostException;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad {@code earnbase.redis.*} configuration stops start-up with one clear message that
 * names the property and never shows a password, through the starter's failure analyzers;
 * the primitives' properties are checked by their options records and reported under the
 * property's name.
 */
class EarnbaseRedisPropertiesFailureTests {

	private static final String PASSWORD = "s3cret-Pa55";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EarnbaseRedisAutoConfiguration.class));

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					earnbase.redis.url            | redis://user:s3cret-Pa55@localhost:notaport  | numeric port
					earnbase.redis.url            | http://user:s3cret-Pa55@localhost:6379       | the scheme must be one of
					earnbase.redis.url            | redis://user:s3cret-Pa55@:6379               | numeric port
					earnbase.redis.url            | redis-sentinel://:s3cret-Pa55@localhost:26379 | not a valid Redis URL
					earnbase.redis.url            | redis://:s3cret-Pa55@localhost:70000         | not a valid Redis URL
					earnbase.redis.db             | -1                                            | must not be negative
					earnbase.redis.ttl            | -5s                                           | must be positive
					earnbase.redis.timeout        | -1s                                           | must be positive
					earnbase.redis.timeout        | 0ms                                           | must be positive
					earnbase.redis.connect-timeout| -2s                                           | must be positive
					earnbase.redis.cluster.refresh-period | 0s                                   | must be positive
					earnbase.redis.max-value-size | 0B                                            | must be positive
					earnbase.redis.retry.max-attempts | 0                                         | must be positive
					earnbase.redis.retry.backoff  | -1ms                                          | must not be negative
					earnbase.redis.max-queued-commands | 0                                        | must be positive
					earnbase.redis.tcp-user-timeout | 0s                                          | must be positive
					earnbase.redis.keep-alive.idle | 1500ms                                       | must be whole seconds
					earnbase.redis.keep-alive.interval | 0s                                       | must be positive
					earnbase.redis.keep-alive.count | 0                                           | must be positive
					earnbase.redis.sentinel.password | s3cret-Pa55                                | applies only to a Sentinel URL
					earnbase.redis.sentinel.ssl   | true                                          | applies only to a Sentinel URL
					""")
	void invalidValueFailsStartUpNamingThePropertyWithoutThePassword(String property, String value, String reason) {
		this.runner
			.withPropertyValues("earnbase.redis.url=redis://user:" + PASSWORD + "@localhost:6379",
					property + "=" + value)
			.run((context) -> {
				Throwable failure = context.getStartupFailure();
				assertThat(failure).isNotNull().hasRootCauseInstanceOf(InvalidRedisPropertyException.class);
				InvalidRedisPropertyException cause = (InvalidRedisPropertyException) rootCause(failure);
				assertThat(cause.getProperty()).isEqualTo(property);
				FailureAnalysis analysis = new InvalidRedisPropertyFailureAnalyzer().analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("'" + property + "'").contains(reason);
				assertThat(analysis.getAction()).contains(property);
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(PASSWORD);
				assertThat(stackTrace(failure)).doesNotContain(PASSWORD);
			});
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			earnbase.redis.cache.namespace          | ''      | must not be empty
			earnbase.redis.cache.ttl                | -1s     | must be positive
			earnbase.redis.cache.null-ttl           | 0s      | must be positive
			earnbase.redis.cache.lease-time         | 500us   | must be at least 1 ms
			earnbase.redis.cache.early-refresh-beta | 0       | must be positive
			earnbase.redis.cache.ttls.users         | -5m     | is not a positive duration
			earnbase.redis.cache.ttls.users         | soon    | is not a positive duration
			earnbase.redis.cache.trusted-packages   | ','     | must not be empty
			earnbase.redis.cache.near.max-entries   | 0       | must be at least 1
			earnbase.redis.cache.near.ttl           | 0s      | must be positive
			earnbase.redis.cache.near.cache-names   | users   | does not apply
			earnbase.redis.cache.near.max-entries   | 500     | does not apply
			earnbase.redis.cache.near.ttl           | 1m      | does not apply
			earnbase.redis.session.namespace        | a{b}    | must not contain '{' or '}'
			earnbase.redis.session.ttl              | 0s      | must be positive
			earnbase.redis.session.ttl              | 500us   | must be at least 1 ms
			earnbase.redis.rate-limiter.namespace   | ''      | must not be empty
			earnbase.redis.rate-limiter.routes[0].path | ''   | must not be empty
			earnbase.redis.lock.namespace           | ''      | must not be empty
			earnbase.redis.lock.lease-time          | 0s      | must be positive
			earnbase.redis.lock.max-hold-time       | -1m     | must be positive
			earnbase.redis.pubsub.namespace         | ''      | must not be empty
			earnbase.redis.pubsub.handler-threads   | 0       | must be positive
			earnbase.redis.pubsub.handler-queue-capacity | -1 | must be positive
			earnbase.redis.pubsub.shutdown-timeout  | 0s      | must be positive
			""")
	void invalidPrimitiveValueFailsStartUpNamingTheProperty(String property, String value, String reason) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EarnbaseRedisAutoConfiguration.class,
					EarnbaseRedisCacheAutoConfiguration.class, EarnbaseRedisSessionAutoConfiguration.class,
					EarnbaseRedisRateLimiterAutoConfiguration.class, EarnbaseRedisLockAutoConfiguration.class,
					EarnbaseRedisPubSubAutoConfiguration.class))
			.withPropertyValues(RedisTestServer.shared().applicationProperties().toArray(String[]::new))
			.withPropertyValues(property + "=" + value)
			.run((context) -> {
				Throwable failure = context.getStartupFailure();
				assertThat(failure).isNotNull().hasRootCauseInstanceOf(InvalidRedisPropertyException.class);
				// trusted-packages is reported by element: trusted-packages[0]
				assertThat(((InvalidRedisPropertyException) rootCause(failure)).getProperty()).startsWith(property);
				FailureAnalysis analysis = new InvalidRedisPropertyFailureAnalyzer().analyze(failure);
				assertThat(analysis.getDescription()).contains("'" + property).contains(reason);
				assertThat(analysis.getAction()).contains(property);
			});
	}

	@Test
	void valueOfTheWrongTypeFailsBindingNamingTheProperty() {
		this.runner.withPropertyValues("earnbase.redis.timeout=soon").run((context) -> {
			assertThat(causeOfType(context.getStartupFailure(), BindException.class)).isNotNull();
			assertThat(stackTrace(context.getStartupFailure())).contains("earnbase.redis.timeout");
		});
	}

	@Test
	void unreachableServerFailsStartUpNamingTheUrlPropertyWithoutThePassword() {
		int port = RedisServerProcess.freePort();
		this.runner
			.withPropertyValues("earnbase.redis.url=redis://user:" + PASSWORD + "@127.0.0.1:" + port,
					"earnbase.redis.connect-timeout=500ms")
			.run((context) -> {
				Throwable failure = context.getStartupFailure();
				assertThat(failure).isNotNull();
				assertThat(causeOfType(failure, RedisConnectionLostException.class)).isNotNull();
				FailureAnalysis analysis = new RedisConnectFailureAnalyzer().analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("127.0.0.1:" + port).contains("user:****@");
				assertThat(analysis.getAction()).contains("earnbase.redis.url");
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(PASSWORD);
				assertThat(stackTrace(failure)).doesNotContain(PASSWORD);
			});
	}

	@Test
	void wrongPasswordFailsStartUpWithoutShowingIt() {
		try (RedisServerProcess server = RedisServerProcess.start("--requirepass", "right-" + PASSWORD)) {
			this.runner
				.withPropertyValues("earnbase.redis.url=redis://:" + PASSWORD + "@127.0.0.1:" + server.port(),
						"earnbase.redis.connect-timeout=2s")
				.run((context) -> {
					Throwable failure = context.getStartupFailure();
					assertThat(causeOfType(failure, RedisConnectionLostException.class)).isNotNull();
					FailureAnalysis analysis = new RedisConnectFailureAnalyzer().analyze(failure);
					assertThat(analysis.getDescription()).contains("WRONGPASS").doesNotContain(PASSWORD);
					assertThat(stackTrace(failure)).doesNotContain(PASSWORD);
				});
		}
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * Everything a log of the failure would show: every message and cause in the chain.
	 */
	static String stackTrace(Throwable failure) {
		StringWriter out = new StringWriter();
		failure.printStackTrace(new PrintWriter(out));
		return out.toString();
	}

}
