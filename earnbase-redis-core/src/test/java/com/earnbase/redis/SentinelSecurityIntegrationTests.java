package com.earnbase.redis;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.earnbase.redis.testsupport.RedisSentinelFixture;
import com.earnbase.redis.testsupport.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static com.earnbase.redis.testsupport.RedisSentinelFixture.DATA_PASSWORD;
import static com.earnbase.redis.testsupport.RedisSentinelFixture.SENTINEL_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sentinels with a password of their own ({@code requirepass}, distinct from the data
 * nodes' ACL user) and Sentinels that speak only TLS: the client authenticates to both
 * with their own credentials, at connect and when it asks the Sentinels again after a
 * failover; a missing or wrong Sentinel password fails with a clear error; no password
 * appears in an exception message or in a log line at INFO or above.
 */
@Tag("slow")
class SentinelSecurityIntegrationTests {

	private static RedisSentinelFixture plain;

	private static RedisSentinelFixture tls;

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	@BeforeAll
	static void startGroups() {
		plain = RedisSentinelFixture.dedicatedSecured(false);
		tls = RedisSentinelFixture.dedicatedSecured(true);
	}

	@AfterAll
	static void stopGroups() {
		if (plain != null) {
			plain.close();
		}
		if (tls != null) {
			tls.close();
		}
	}

	@BeforeEach
	void captureLogs() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		this.logs.setContext(context);
		this.logs.start();
		context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(this.logs);
	}

	@AfterEach
	void checkLogsAndRelease() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.detachAppender(this.logs);
		List<ILoggingEvent> events;
		synchronized (this.logs) {
			events = List.copyOf(this.logs.list);
		}
		for (ILoggingEvent event : events) {
			if (event.getLevel().isGreaterOrEqual(Level.INFO)) {
				String line = event.getFormattedMessage() + " " + event.getKeyValuePairs();
				assertThat(line).doesNotContain(SENTINEL_PASSWORD).doesNotContain(DATA_PASSWORD);
			}
		}
	}

	@Test
	void sentinelsWithAPasswordOfTheirOwnAreAskedWithItAtConnectAndAfterAFailover() {
		try (LettuceRedisClient client = plain.clientBuilder().timeout(Duration.ofSeconds(2)).build()) {
			client.set("k", "v");
			assertThat(client.get("k")).isEqualTo("v");
			RedisServerProcess former = plain.killMaster();
			plain.awaitFailover(former);
			RedisServerProcess.awaitUntil("the client on the promoted master", Duration.ofSeconds(20), () -> {
				client.set("after", "failover");
				return "failover".equals(client.get("after"));
			});
			former.restart();
		}
	}

	@Test
	void aMissingOrWrongSentinelPasswordFailsClearlyWithoutShowingASecret() {
		assertThatThrownBy(() -> plain.clientBuilder().sentinelPassword(null).build())
			.isInstanceOf(RedisConnectionLostException.class)
			.hasMessageContaining("'connect'")
			.hasMessageContaining("NOAUTH")
			.hasMessageContaining("said by a Sentinel")
			.hasMessageContaining("earnbase.redis.sentinel.password")
			.hasMessageNotContaining(DATA_PASSWORD);
		assertThatThrownBy(() -> plain.clientBuilder().sentinelPassword("not-the-" + SENTINEL_PASSWORD).build())
			.isInstanceOf(RedisConnectionLostException.class)
			.hasMessageContaining("'connect'")
			.satisfies((ex) -> assertThat(ex.getMessage()).containsAnyOf("WRONGPASS", "invalid password"))
			.hasMessageNotContaining(SENTINEL_PASSWORD)
			.hasMessageNotContaining(DATA_PASSWORD);
	}

	@Test
	void theDataNodesCredentialsAreNotTheSentinels() {
		// The data nodes' user alone does not open the Sentinels: the two are distinct.
		assertThatThrownBy(() -> plain.clientBuilder().sentinelPassword(DATA_PASSWORD).build())
			.isInstanceOf(RedisConnectionLostException.class)
			.hasMessageNotContaining(DATA_PASSWORD);
	}

	@Test
	void sentinelsThatSpeakOnlyTlsAreReachedWithTheTrustedCaAndTheirPassword() {
		try (LettuceRedisClient client = tls.clientBuilder().timeout(Duration.ofSeconds(2)).build()) {
			client.set("k", "over-tls");
			assertThat(client.get("k")).isEqualTo("over-tls");
			assertThat(tls.raw().get("k")).isEqualTo("over-tls");
		}
	}

	@Test
	void tlsSentinelsRefuseAnUntrustedCaAndPlainText() {
		assertThatThrownBy(() -> tls.clientBuilder().ssl(tls.otherTrustManagers(), null).build())
			.isInstanceOf(RedisConnectionLostException.class)
			.hasMessageContaining("'connect'")
			.hasMessageNotContaining(SENTINEL_PASSWORD);
		// sentinelSsl(false) reaches the Sentinels' TLS port in plain text: it must fail
		// (so the setting is applied).
		assertThatThrownBy(() -> tls.clientBuilder().sentinelSsl(false).connectTimeout(Duration.ofSeconds(2)).build())
			.isInstanceOf(RedisConnectionLostException.class)
			.hasMessageNotContaining(SENTINEL_PASSWORD);
	}

	@Test
	void sentinelSettingsOnAnotherUrlAreRefusedBeforeAnyConnection() {
		assertThatThrownBy(() -> RedisClient.builder().url("redis://127.0.0.1:1").sentinelPassword("x").build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("sentinelPassword applies only to a Sentinel URL")
			.hasMessageNotContaining("x@");
		assertThatThrownBy(() -> RedisClient.builder()
			.url("redis://user:secret@127.0.0.1:1")
			.clusterNodes(List.of("127.0.0.1:2"))
			.sentinelSsl(true)
			.build()).isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("sentinelSsl applies only")
			.hasMessageNotContaining("secret");
	}

}
