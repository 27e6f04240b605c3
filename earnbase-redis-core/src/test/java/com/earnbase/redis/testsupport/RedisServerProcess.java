package com.earnbase.redis.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import com.earnbase.redis.support.RedisUrls;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;

/**
 * A {@code redis-server} process started by the tests on a free loopback port, in its own
 * temporary directory, with persistence off. It can be stopped, killed and restarted on
 * the same port for fault tests, and is always stopped by its own {@link Process} handle,
 * never by name.
 */
public final class RedisServerProcess implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

	private final Path directory;

	private final int port;

	private final List<String> extraArguments;

	/**
	 * The Sentinel configuration file (Sentinel rewrites it as it learns), or null for a
	 * plain server.
	 */
	private final Path sentinelConfig;

	private final AtomicInteger starts = new AtomicInteger();

	private volatile Process process;

	/** Credentials and TLS of the harness's own connections, see {@link #adminAccess}. */
	private volatile AdminAccess adminAccess;

	private RedisServerProcess(int port, List<String> extraArguments, String sentinelConfiguration) {
		this.port = port;
		this.extraArguments = List.copyOf(extraArguments);
		try {
			this.directory = Files.createTempDirectory("earnbase-redis-" + port + "-");
			this.sentinelConfig = (sentinelConfiguration != null)
					? Files.writeString(this.directory.resolve("sentinel.conf"), sentinelConfiguration) : null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(this::kill, "redis-server-" + port + "-shutdown"));
	}

	/**
	 * Starts a server on a free port.
	 * @param extraArguments further {@code redis-server} arguments, e.g.
	 * {@code --requirepass secret}
	 * @return the running server
	 */
	public static RedisServerProcess start(String... extraArguments) {
		return startOnPort(freePort(), extraArguments);
	}

	/**
	 * Starts a server on the given port.
	 * @param port the port
	 * @param extraArguments further {@code redis-server} arguments
	 * @return the running server
	 */
	public static RedisServerProcess startOnPort(int port, String... extraArguments) {
		RedisServerProcess server = new RedisServerProcess(port, List.of(extraArguments), null);
		server.startProcess();
		return server;
	}

	/**
	 * Starts {@code redis-server --sentinel} on a free port with this configuration,
	 * written to a file of its own that Sentinel rewrites as it discovers replicas and
	 * peers (so a restart keeps what it learnt).
	 * @param configuration the configuration lines, e.g.
	 * {@code sentinel monitor mymaster 127.0.0.1 6379 2}
	 * @return the running Sentinel
	 */
	public static RedisServerProcess startSentinel(String configuration) {
		return startSentinel(configuration, new String[0]);
	}

	/**
	 * Starts {@code redis-server --sentinel} on a free port with this configuration and
	 * further arguments (which win over the configuration's, e.g. {@code --port 0
	 * --tls-port P} for a TLS-only Sentinel).
	 * @param configuration the configuration lines
	 * @param extraArguments further arguments
	 * @return the running Sentinel
	 */
	public static RedisServerProcess startSentinel(String configuration, String... extraArguments) {
		return startSentinelOnPort(freePort(), configuration, extraArguments);
	}

	/**
	 * Starts {@code redis-server --sentinel} on the given port, see
	 * {@link #startSentinel(String, String...)}.
	 * @param port the port
	 * @param configuration the configuration lines
	 * @param extraArguments further arguments
	 * @return the running Sentinel
	 */
	public static RedisServerProcess startSentinelOnPort(int port, String configuration, String... extraArguments) {
		RedisServerProcess sentinel = new RedisServerProcess(port, List.of(extraArguments), configuration);
		sentinel.startProcess();
		return sentinel;
	}

	/**
	 * How the harness's own connections ({@link #call}, {@link #connect},
	 * {@link #callSentinel}) reach a server that wants credentials or TLS; the server's
	 * certificate is not verified on them.
	 * @param username the ACL user, or null for the default user
	 * @param password the password, or null for none
	 * @param tls whether the server speaks only TLS
	 * @return this process
	 */
	public RedisServerProcess adminAccess(String username, String password, boolean tls) {
		this.adminAccess = new AdminAccess(username, password, tls);
		return this;
	}

	/**
	 * Whether a {@code redis-server} binary can be run from the PATH.
	 * @return true when found
	 */
	public static boolean isAvailable() {
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

	/**
	 * Fails with instructions when {@code redis-server} is not on the PATH.
	 * @param who what needs it, e.g. "The cluster tests"
	 * @throws IllegalStateException when it is missing
	 */
	public static void requireAvailable(String who) {
		if (!isAvailable()) {
			throw new IllegalStateException(who + " need redis-server and redis-cli on the PATH "
					+ "(apt-get install redis-server, or brew install redis).");
		}
	}

	/**
	 * A port on the loopback address that is free now.
	 * @return the port
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The server's URL, {@code redis://127.0.0.1:port}.
	 * @return the URL
	 */
	public String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	/**
	 * The server's working directory.
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Whether the process is running.
	 * @return true while alive
	 */
	public boolean isRunning() {
		Process current = this.process;
		return current != null && current.isAlive();
	}

	/** Stops the server gracefully (SIGTERM) and waits for it to exit. */
	public void stop() {
		Process current = this.process;
		if (current != null) {
			current.destroy();
			waitFor(current);
		}
	}

	/** Kills the server (SIGKILL), as a crash would. */
	public void kill() {
		Process current = this.process;
		if (current != null && current.isAlive()) {
			current.destroyForcibly();
			waitFor(current);
		}
	}

	/**
	 * Starts the server again on the same port after {@link #stop()} or {@link #kill()}.
	 */
	public void restart() {
		if (isRunning()) {
			throw new IllegalStateException("redis-server on port " + this.port + " is still running");
		}
		startProcess();
	}

	/**
	 * Runs commands on this server over a short-lived connection of its own, e.g.
	 * {@code CLUSTER NODES} or {@code INFO replication}.
	 * @param <T> the result type
	 * @param command what to run
	 * @return its result
	 */
	public <T> T call(Function<RedisCommands<String, String>, T> command) {
		try (StatefulRedisConnection<String, String> connection = connect()) {
			return command.apply(connection.sync());
		}
	}

	/**
	 * Opens a connection of the test's own to this server, on the harness's shared
	 * Lettuce client; it reconnects after a restart. Close it when done.
	 * @return the connection
	 */
	public StatefulRedisConnection<String, String> connect() {
		return Admin.CLIENT.connect(StringCodec.UTF8, adminUri());
	}

	/**
	 * Opens a pub/sub connection of the test's own to this server; close it when done.
	 * @return the connection
	 */
	public StatefulRedisPubSubConnection<String, String> connectPubSub() {
		return Admin.CLIENT.connectPubSub(StringCodec.UTF8, adminUri());
	}

	/**
	 * Runs Sentinel commands on this process (started by {@link #startSentinel(String)}).
	 * @param <T> the result type
	 * @param command what to run
	 * @return its result
	 */
	public <T> T callSentinel(Function<RedisSentinelCommands<String, String>, T> command) {
		try (StatefulRedisSentinelConnection<String, String> connection = Admin.CLIENT.connectSentinel(StringCodec.UTF8,
				adminUri())) {
			return command.apply(connection.sync());
		}
	}

	private RedisURI adminUri() {
		RedisURI uri = RedisURI.create("127.0.0.1", this.port);
		uri.setTimeout(Duration.ofSeconds(2));
		AdminAccess access = this.adminAccess;
		if (access != null) {
			RedisUrls.setCredentials(uri, access.username(), access.password());
			if (access.tls()) {
				uri.setSsl(true);
				uri.setVerifyPeer(SslVerifyMode.NONE);
			}
		}
		return uri;
	}

	private record AdminAccess(String username, String password, boolean tls) {
	}

	@Override
	public void close() {
		kill();
	}

	/**
	 * Polls a condition until it holds; failures of the condition count as "not yet".
	 * @param what what is awaited, for the error
	 * @param timeout how long to wait
	 * @param condition the condition
	 * @throws IllegalStateException when it does not hold in time
	 */
	public static void awaitUntil(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		RuntimeException last = null;
		while (System.nanoTime() < deadline) {
			try {
				if (condition.getAsBoolean()) {
					return;
				}
			}
			catch (RuntimeException ex) {
				last = ex;
			}
			sleep(50);
		}
		throw new IllegalStateException("no " + what + " within " + timeout, last);
	}

	private void startProcess() {
		Path log = this.directory.resolve("redis-" + this.starts.incrementAndGet() + ".log");
		List<String> command = new ArrayList<>(List.of("redis-server"));
		if (this.sentinelConfig != null) {
			// The configuration file must come first.
			command.addAll(List.of(this.sentinelConfig.toString(), "--sentinel"));
		}
		command.addAll(List.of("--port", String.valueOf(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
				"no", "--dir", this.directory.toString(), "--logfile", log.toString()));
		command.addAll(this.extraArguments);
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("stdout-" + this.starts.get() + ".txt").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run redis-server: " + ex.getMessage(), ex);
		}
		awaitReady(log);
	}

	private void awaitReady(Path log) {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("redis-server on port " + this.port + " exited: " + tail(log));
			}
			String text = tail(log);
			// A Sentinel never says "Ready": it is once it has its id.
			if (text.contains("Ready to accept connections") || text.contains("Sentinel ID is")) {
				return;
			}
			sleep(20);
		}
		kill();
		throw new IllegalStateException("redis-server on port " + this.port + " not ready in " + READY_TIMEOUT);
	}

	private static String tail(Path log) {
		try {
			return Files.exists(log) ? Files.readString(log) : "";
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static void waitFor(Process process) {
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The Lettuce client of {@link #call(Function)}, created on first use; its threads
	 * are daemons.
	 */
	private static final class Admin {

		static final io.lettuce.core.RedisClient CLIENT = io.lettuce.core.RedisClient.create();

	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
