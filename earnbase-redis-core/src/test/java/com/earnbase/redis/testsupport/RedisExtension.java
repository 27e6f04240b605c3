package com.earnbase.redis.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests the JVM-wide {@link RedisTestServer} (also as a {@link RedisTopology})
 * through constructor or method parameters: {@code @ExtendWith(RedisExtension.class)}.
 */
public final class RedisExtension implements ParameterResolver {

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == RedisTestServer.class || type == RedisTopology.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return RedisTestServer.shared();
	}

}
