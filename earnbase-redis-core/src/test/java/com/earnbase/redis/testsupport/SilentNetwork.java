package com.earnbase.redis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} behind a link that can vanish silently: a network namespace of
 * the test's own, joined to the host by a veth pair with link-local addresses, with the
 * server inside. {@link #cut()} takes the namespace's end of the link down, so that every
 * packet is dropped without a reset or FIN (the host keeps retransmitting, as to a frozen
 * VM or behind a firewall that drops); {@link #restore()} brings it back. Only the
 * addresses of this namespace are ever targets.
 * <p>
 * Needs root and {@code ip} (iproute2); {@link #unavailableReason()} says why not when
 * not. Names are unique per instance; {@link #close()} kills the server by its process
 * handle and deletes the namespace with both veth ends, and a shutdown hook does it if a
 * test cannot.
 */
public final class SilentNetwork implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

	private static final int PORT = 7777;

	private final String namespace;

	private final String hostInterface;

	private final String innerInterface;

	private final String hostAddress;

	private final String serverAddress;

	private final Path directory;

	private final Thread cleanup;

	private volatile Process server;

	private volatile boolean closed;

	private SilentNetwork() {
		String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
		this.namespace = "eb-silent-" + id;
		this.hostInterface = "ebh" + id;
		this.innerInterface = "ebn" + id;
		int subnet = freeSubnet();
		this.hostAddress = "169.254." + (subnet >> 8) + "." + ((subnet & 0xff) + 1);
		this.serverAddress = "169.254." + (subnet >> 8) + "." + ((subnet & 0xff) + 2);
		try {
			this.directory = Files.createTempDirectory("earnbase-silent-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.cleanup = new Thread(this::close, this.namespace + "-cleanup");
		Runtime.getRuntime().addShutdownHook(this.cleanup);
	}

	/**
	 * Why this machine cannot create network namespaces, or null when it can: tried once
	 * with a namespace that is deleted at once.
	 * @return the reason, or null
	 */
	public static String unavailableReason() {
		String probe = "eb-probe-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
		Result added = run("ip", "netns", "add", probe);
		if (added.exitCode() != 0) {
			return "this machine cannot create network namespaces (the silent-peer tests need root and iproute2): "
					+ added.output().strip();
		}
		run("ip", "netns", "del", probe);
		return null;
	}

	/**
	 * Creates the namespace and the link, and starts {@code redis-server} inside.
	 * @return the running network; close it after the test
	 */
	public static SilentNetwork start() {
		RedisServerProcess.requireAvailable("The silent-peer tests");
		SilentNetwork network = new SilentNetwork();
		try {
			network.create();
			return network;
		}
		catch (RuntimeException ex) {
			network.close();
			throw ex;
		}
	}

	private void create() {
		check("ip", "netns", "add", this.namespace);
		check("ip", "link", "add", this.hostInterface, "type", "veth", "peer", "name", this.innerInterface, "netns",
				this.namespace);
		check("ip", "addr", "add", this.hostAddress + "/30", "dev", this.hostInterface);
		check("ip", "link", "set", this.hostInterface, "up");
		check("ip", "-n", this.namespace, "addr", "add", this.serverAddress + "/30", "dev", this.innerInterface);
		check("ip", "-n", this.namespace, "link", "set", this.innerInterface, "up");
		check("ip", "-n", this.namespace, "link", "set", "lo", "up");
		Path log = this.directory.resolve("redis.log");
		try {
			// ip netns exec execs redis-server in place: the handle's pid is the
			// server's.
			this.server = new ProcessBuilder("ip", "netns", "exec", this.namespace, "redis-server", "--bind",
					this.serverAddress, "--port", String.valueOf(PORT), "--protected-mode", "no", "--save", "",
					"--appendonly", "no", "--dir", this.directory.toString(), "--logfile", log.toString())
				.redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("stdout.txt").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run redis-server in " + this.namespace + ": " + ex.getMessage(),
					ex);
		}
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (!read(log).contains("Ready to accept connections")) {
			if (!this.server.isAlive() || System.nanoTime() > deadline) {
				throw new IllegalStateException("redis-server in " + this.namespace + " did not start: " + read(log)
						+ read(this.directory.resolve("stdout.txt")));
			}
			RedisServerProcess.sleep(20);
		}
	}

	/**
	 * The server's URL, {@code redis://169.254.x.y:7777}.
	 * @return the URL
	 */
	public String url() {
		return "redis://" + this.serverAddress + ":" + PORT;
	}

	/**
	 * Drops every packet from now on: the namespace's end of the link goes down.
	 */
	public void cut() {
		check("ip", "-n", this.namespace, "link", "set", this.innerInterface, "down");
	}

	/** Lets packets through again. */
	public void restore() {
		check("ip", "-n", this.namespace, "link", "set", this.innerInterface, "up");
	}

	/**
	 * The connections the server has now, as its {@code CLIENT LIST} says (asked from
	 * inside the namespace, so it works while the link is down).
	 * @return the output of {@code redis-cli CLIENT LIST}
	 */
	public String clientList() {
		return check("ip", "netns", "exec", this.namespace, "redis-cli", "-h", this.serverAddress, "-p",
				String.valueOf(PORT), "CLIENT", "LIST");
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		Process process = this.server;
		if (process != null && process.isAlive()) {
			process.destroyForcibly();
			try {
				process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		// Deleting the namespace deletes the veth end inside and with it its peer.
		run("ip", "netns", "del", this.namespace);
		if (run("ip", "link", "show", this.hostInterface).exitCode() == 0) {
			run("ip", "link", "del", this.hostInterface);
		}
		if (Thread.currentThread() != this.cleanup) {
			try {
				Runtime.getRuntime().removeShutdownHook(this.cleanup);
			}
			catch (IllegalStateException ex) {
				// The JVM is shutting down already.
			}
		}
	}

	/**
	 * A /30 in 169.254.0.0/16 that no address or route of the host uses yet, as the third
	 * and fourth octet of its network address.
	 */
	private static int freeSubnet() {
		String used = run("ip", "-4", "-o", "addr").output() + run("ip", "-4", "route").output();
		for (int attempt = 0; attempt < 100; attempt++) {
			int subnet = ThreadLocalRandom.current().nextInt(1, 255) << 8 | ThreadLocalRandom.current().nextInt(64) * 4;
			String prefix = "169.254." + (subnet >> 8) + ".";
			if (!used.contains(prefix)) {
				return subnet;
			}
		}
		throw new IllegalStateException("no free link-local /30 found: " + used);
	}

	private static String read(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file) : "";
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static String check(String... command) {
		Result result = run(command);
		if (result.exitCode() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output().strip());
		}
		return result.output();
	}

	private static Result run(String... command) {
		List<String> arguments = new ArrayList<>(List.of(command));
		try {
			Process process = new ProcessBuilder(arguments).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return new Result(-1, output + " (timed out)");
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			return new Result(-1, ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Result(-1, "interrupted");
		}
	}

	private record Result(int exitCode, String output) {
	}

}
