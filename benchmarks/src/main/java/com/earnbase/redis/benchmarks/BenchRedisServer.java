package com.earnbase.redis.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisURI;

/**
 * The Redis server of one suite run: a {@code redis-server} started on a free loopback
 * port with persistence off and stopped through its own {@link Process} handle, or the
 * server named by {@code EARNBASE_REDIS_BENCH_URL}.
 */
final class BenchRedisServer implements AutoCloseable {

	private final String url;

	private final RedisURI uri;

	private final Process process;

	private final Thread stopOnExit;

	private BenchRedisServer(String url, Process process) {
		this.url = url;
		this.uri = RedisURI.create(url);
		this.process = process;
		this.stopOnExit = (process != null) ? new Thread(process::destroy, "stop-bench-redis") : null;
		if (this.stopOnExit != null) {
			Runtime.getRuntime().addShutdownHook(this.stopOnExit);
		}
	}

	/**
	 * Uses {@code EARNBASE_REDIS_BENCH_URL} when set, otherwise starts a server whose
	 * files go to {@code dir}.
	 */
	static BenchRedisServer startOrConnect(Path dir) throws IOException, InterruptedException {
		String external = System.getenv(BenchEnvironment.URL_ENV);
		if (external != null && !external.isBlank()) {
			return new BenchRedisServer(external, null);
		}
		Files.createDirectories(dir);
		int port = freePort();
		Process process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toAbsolutePath().toString()))
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("redis-server.log").toFile())
			.start();
		BenchRedisServer server = new BenchRedisServer("redis://127.0.0.1:" + port, process);
		server.awaitPong();
		return server;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private void awaitPong() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("redis-server exited with " + this.process.exitValue()
						+ "; see redis-server.log in the results folder");
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(this.uri.getHost(), this.uri.getPort()), 500);
				OutputStream out = socket.getOutputStream();
				out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				InputStream in = socket.getInputStream();
				byte[] reply = new byte[5];
				if (in.readNBytes(reply, 0, 5) == 5 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG")) {
					return;
				}
			}
			catch (IOException notYet) {
				// the server is still starting: try again shortly
			}
			Thread.sleep(50);
		}
		close();
		throw new IllegalStateException("redis-server did not answer PING within 10 s");
	}

	/** The URL every client connects to. */
	String url() {
		return this.url;
	}

	/** The URL, parsed. */
	RedisURI uri() {
		return this.uri;
	}

	/**
	 * Whether this run started the server itself (false with
	 * {@code EARNBASE_REDIS_BENCH_URL}).
	 */
	boolean started() {
		return this.process != null;
	}

	@Override
	public void close() {
		if (this.process == null) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
			Runtime.getRuntime().removeShutdownHook(this.stopOnExit);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		catch (IllegalStateException shuttingDown) {
			// the JVM is already exiting: the hook stops the server anyway
		}
	}

}
