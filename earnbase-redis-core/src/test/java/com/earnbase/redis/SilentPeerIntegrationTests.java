package com.earnbase.redis;

import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The silent peer with Netty's native epoll transport on the classpath (as in the
 * module's tests): the socket's {@code TCP_USER_TIMEOUT} gives the connection up, and the
 * client says nothing about a fallback.
 */
class SilentPeerIntegrationTests extends AbstractSilentPeerIntegrationTests {

	@Override
	boolean nativeTransport() {
		return true;
	}

	@Override
	void checkLogs(List<ILoggingEvent> warnings) {
		assertThat(warnings).extracting(ILoggingEvent::getFormattedMessage)
			.noneMatch((message) -> message.contains("tcp-user-timeout"));
	}

}
