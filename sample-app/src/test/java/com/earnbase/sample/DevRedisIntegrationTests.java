package com.earnbase.sample;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zero-setup default: no earnbase.redis.url and nothing at the probed address starts
 * a Redis for the run.
 */
@ExtendWith(OutputCaptureExtension.class)
class DevRedisIntegrationTests {

	@ParameterizedTest
	@ValueSource(strings = { "path", "embedded" })
	void startsARedisForTheRunAndStopsItOnShutdown(String source, CapturedOutput output) {
		int nothingThere = RedisServerProcess.freePort();
		String url;
		try (ConfigurableApplicationContext context = start(
				"--earnbase.sample.dev-redis.probe=127.0.0.1:" + nothingThere,
				"--earnbase.sample.dev-redis.source=" + source)) {
			url = context.getEnvironment().getProperty("earnbase.redis.url");
			assertThat(url).startsWith("redis://127.0.0.1:").doesNotEndWith(":" + nothingThere);
			RedisClient redis = context.getBean(RedisClient.class);
			redis.set("dev", "works");
			assertThat(redis.get("dev")).isEqualTo("works");
			assertThat(output).as("says which Redis it started")
				.contains("none answers at 127.0.0.1:" + nothingThere + ": started "
						+ ("path".equals(source) ? "redis-server from the PATH" : "the embedded Redis 7.0"));
		}
		int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
		assertThat(acceptsConnections(port)).as("dev Redis stopped with the context").isFalse();
	}

	private static boolean acceptsConnections(int port) {
		try (java.net.Socket socket = new java.net.Socket()) {
			socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 300);
			return true;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

	@Test
	void usesTheRedisThatAnswersAtTheProbedAddress(CapturedOutput output) {
		String running = RedisTestServer.shared().url().substring("redis://".length());
		try (ConfigurableApplicationContext context = start("--earnbase.sample.dev-redis.probe=" + running)) {
			assertThat(context.getBean(LettuceRedisClient.class).toString()).contains(running);
			assertThat(output).contains("Using the Redis at " + running);
		}
	}

	@Test
	void aConfiguredUrlIsUsedAsIs() {
		String url = RedisTestServer.shared().url();
		try (ConfigurableApplicationContext context = start("--earnbase.redis.url=" + url,
				"--earnbase.sample.dev-redis.probe=127.0.0.1:" + RedisServerProcess.freePort())) {
			assertThat(context.getEnvironment().getPropertySources().contains("devRedis")).isFalse();
			assertThat(context.getBean(LettuceRedisClient.class).toString()).contains(url);
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		String[] all = new String[args.length + 1];
		all[0] = "--server.port=0";
		System.arraycopy(args, 0, all, 1, args.length);
		return new SpringApplicationBuilder(SampleApplication.class).run(all);
	}

}
