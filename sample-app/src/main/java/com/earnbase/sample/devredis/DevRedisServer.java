package com.earnbase.sample.devredis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import redis.embedded.RedisServer;

/**
 * A throw-away Redis for one run of the sample app: the {@code redis-server} on the PATH
 * when there is one, else the static Redis 7.0 build shipped by
 * {@code org.signal:embedded-redis}. Persistence is off.
 */
final class DevRedisServer {

	private final int port;

	private final String description;

	private final Runnable stopper;

	private final AtomicBoolean stopped = new AtomicBoolean();

	private DevRedisServer(int port, String description, Runnable stopper) {
		this.port = port;
		this.description = description;
		this.stopper = stopper;
	}

	/**
	 * Starts a server.
	 * @param source {@code auto} (PATH first, then embedded), {@code path} or
	 * {@code embedded}
	 * @return the running server
	 */
	static DevRedisServer start(String source) {
		int port = freePort();
		boolean onPath = redisServerOnPath();
		if ("path".equals(source) || ("auto".equals(source) && onPath)) {
			return startFromPath(port);
		}
		RedisServer embedded = RedisServer.builder()
			.port(port)
			.setting("bind 127.0.0.1")
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		embedded.start();
		return new DevRedisServer(port, "the embedded Redis 7.0 from org.signal:embedded-redis", embedded::stop);
	}

	private static DevRedisServer startFromPath(int port) {
		try {
			Path dir = Files.createTempDirectory("sample-dev-redis-");
			Process process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
					"--save", "", "--appendonly", "no", "--dir", dir.toString())
				.redirectErrorStream(true)
				.redirectOutput(dir.resolve("redis.log").toFile())
				.start();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (!DevRedisEnvironmentPostProcessor.answersPing("127.0.0.1:" + port)) {
				if (!process.isAlive() || System.nanoTime() > deadline) {
					process.destroyForcibly();
					throw new IllegalStateException("redis-server did not start on port " + port + ", see " + dir);
				}
				Thread.sleep(20);
			}
			return new DevRedisServer(port, "redis-server from the PATH", () -> {
				process.destroy();
				try {
					process.waitFor(5, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static boolean redisServerOnPath() {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String dir : path.split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, "redis-server"))) {
				return true;
			}
		}
		return false;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.port;
	}

	String description() {
		return this.description;
	}

	void stop() {
		if (this.stopped.compareAndSet(false, true)) {
			this.stopper.run();
		}
	}

}
