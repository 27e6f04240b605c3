package com.earnbase.redis;

import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The silent peer without Netty's native transport (surefire runs this class without the
 * epoll jar, profile {@code without-native-transport}): one WARN at start-up names the
 * setting and the dependency to add, and the client's own detector gives the connection
 * up instead of {@code TCP_USER_TIMEOUT}.
 */
class SilentPeerWithoutNativeTransportTests extends AbstractSilentPeerIntegrationTests {

	@Override
	boolean nativeTransport() {
		return false;
	}

	@Override
	void checkLogs(List<ILoggingEvent> warnings) {
		List<String> messages = warnings.stream().map(ILoggingEvent::getFormattedMessage).toList();
		assertThat(messages).filteredOn((message) -> message.contains("needs Netty's native epoll"))
			.singleElement()
			.satisfies((message) -> assertThat(message).contains("earnbase.redis.tcp-user-timeout")
				.contains("io.netty:netty-transport-native-epoll")
				.contains("linux-x86_64")
				.contains(TCP_USER_TIMEOUT.toMillis() + " ms"));
		assertThat(messages).as("the detector's WARN").anyMatch((message) -> message.startsWith("Nothing received"));
	}

}
