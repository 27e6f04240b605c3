package com.earnbase.redis;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.EpollProvider;
import io.lettuce.core.resource.IOUringProvider;
import io.lettuce.core.resource.KqueueProvider;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;

/**
 * What the socket options of a connection can do on this JVM, asked the way Lettuce 6.6
 * to 7.x decide it (Lettuce 7 refuses to connect when asked for an option its transport
 * cannot set), and a way to add a {@link NettyCustomizer} to resources the application
 * shares.
 */
final class SocketSupport {

	/** The dependency that brings {@code TCP_USER_TIMEOUT} to Linux, for messages. */
	static final String EPOLL_DEPENDENCY = "io.netty:netty-transport-native-epoll with classifier linux-x86_64 "
			+ "or linux-aarch_64 (version managed by the Netty or Spring Boot BOM)";

	private SocketSupport() {
	}

	/**
	 * Whether {@code TCP_USER_TIMEOUT} can be set: only Netty's native epoll and io_uring
	 * transports set it, when on the classpath and not switched off
	 * ({@code -Dio.lettuce.core.epoll=false}).
	 * @return true when Lettuce will use such a transport
	 */
	static boolean tcpUserTimeoutSupported() {
		return EpollProvider.isAvailable() || IOUringProvider.isAvailable();
	}

	/**
	 * Whether the keepalive idle time, interval and count can be set: through a native
	 * transport, or through the JDK's extended socket options on NIO (not when Lettuce
	 * uses kqueue, which has none).
	 * @return true when Lettuce can apply them
	 */
	static boolean keepAliveTuningSupported() {
		return tcpUserTimeoutSupported() || (jdkKeepAliveOptions() && !KqueueProvider.isAvailable());
	}

	private static boolean jdkKeepAliveOptions() {
		try {
			Class<?> options = Class.forName("jdk.net.ExtendedSocketOptions");
			for (String name : new String[] { "TCP_KEEPIDLE", "TCP_KEEPINTERVAL", "TCP_KEEPCOUNT" }) {
				Field field = options.getField(name);
				if (field.get(null) == null) {
					return false;
				}
			}
			return true;
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * One customizer that runs these in order.
	 * @param customizers the customizers
	 * @return their composition
	 */
	static NettyCustomizer compose(List<NettyCustomizer> customizers) {
		List<NettyCustomizer> all = List.copyOf(customizers);
		return new NettyCustomizer() {

			@Override
			public void afterBootstrapInitialized(Bootstrap bootstrap) {
				for (NettyCustomizer customizer : all) {
					customizer.afterBootstrapInitialized(bootstrap);
				}
			}

			@Override
			public void afterChannelInitialized(Channel channel) {
				for (NettyCustomizer customizer : all) {
					customizer.afterChannelInitialized(channel);
				}
			}

		};
	}

	/**
	 * Resources that behave like the shared ones except that every channel also gets the
	 * extra customizer. A dynamic proxy rather than a delegating class, because the
	 * {@link ClientResources} interface gains methods between Lettuce versions; the
	 * resources are not the client's to shut down, and it never does.
	 * @param shared the application's resources
	 * @param extra the customizer to add after the shared one
	 * @return the resources to create the Lettuce client with
	 */
	static ClientResources withCustomizer(ClientResources shared, NettyCustomizer extra) {
		NettyCustomizer own = shared.nettyCustomizer();
		NettyCustomizer combined = (own != null) ? compose(List.of(own, extra)) : extra;
		InvocationHandler handler = (proxy, method, arguments) -> {
			String name = method.getName();
			int count = method.getParameterCount();
			if (name.equals("nettyCustomizer") && count == 0) {
				return combined;
			}
			if (name.equals("equals") && count == 1) {
				return proxy == arguments[0];
			}
			if (name.equals("hashCode") && count == 0) {
				return System.identityHashCode(proxy);
			}
			if (name.equals("toString") && count == 0) {
				return "shared " + shared;
			}
			try {
				return method.invoke(shared, arguments);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		};
		return (ClientResources) Proxy.newProxyInstance(ClientResources.class.getClassLoader(),
				new Class<?>[] { ClientResources.class }, handler);
	}

}
