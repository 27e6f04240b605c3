package com.earnbase.sample.devredis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The sample app's zero-setup default: when {@code earnbase.redis.url} is not set and
 * nothing answers PING at {@code earnbase.sample.dev-redis.probe} (default
 * {@code 127.0.0.1:6379}), start a Redis for this run and point the starter at it. Lives
 * in the sample app only, never in the starter's production path.
 */
public class DevRedisEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PREFIX = "earnbase.sample.dev-redis";

	// Deferred: post-processors run before the logging system is initialised, which drops
	// earlier SLF4J events.
	private final Log logger;

	/**
	 * Creates the post-processor; Spring Boot supplies the log factory.
	 * @param logFactory the factory of logs replayed once logging is initialised
	 */
	public DevRedisEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(DevRedisEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty(PREFIX + ".enabled", Boolean.class, true)
				|| environment.containsProperty("earnbase.redis.url")
				|| environment.containsProperty("earnbase.redis.cluster.nodes[0]")) {
			return;
		}
		String probe = environment.getProperty(PREFIX + ".probe", "127.0.0.1:6379");
		if (answersPing(probe)) {
			this.logger.info("Using the Redis at " + probe + " (earnbase.redis.url is not set)");
			environment.getPropertySources()
				.addFirst(new MapPropertySource("devRedis", Map.of("earnbase.redis.url", "redis://" + probe)));
			return;
		}
		DevRedisServer server = DevRedisServer.start(environment.getProperty(PREFIX + ".source", "auto"));
		this.logger.warn("No Redis configured and none answers at " + probe + ": started " + server.description()
				+ " on 127.0.0.1:" + server.port() + " for this run only");
		environment.getPropertySources()
			.addFirst(new MapPropertySource("devRedis",
					Map.of("earnbase.redis.url", "redis://127.0.0.1:" + server.port())));
		// Registered before any bean, so destroyed after all of them: the Redis client
		// closes while Redis is up.
		application.addListeners((event) -> {
			if (event instanceof ApplicationPreparedEvent prepared && prepared.getApplicationContext()
				.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
				registry.registerDisposableBean("devRedisServer", server::stop);
			}
		});
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "dev-redis-stop"));
	}

	static boolean answersPing(String hostAndPort) {
		int colon = hostAndPort.lastIndexOf(':');
		InetSocketAddress address = new InetSocketAddress(hostAndPort.substring(0, colon),
				Integer.parseInt(hostAndPort.substring(colon + 1)));
		try (Socket socket = new Socket()) {
			socket.connect(address, 300);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = new byte[7];
			int read = in.readNBytes(reply, 0, reply.length);
			return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

}
