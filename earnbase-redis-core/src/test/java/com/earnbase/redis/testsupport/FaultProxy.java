package com.earnbase.redis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;

import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.Throttler;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A TCP proxy on a free loopback port between a client and a {@link RedisServerProcess},
 * built on netcrusher, that injects network faults: cut every connection, blackhole
 * (freeze) traffic, delay replies, refuse new connections. Point the client at
 * {@link #url()}; close the proxy after the test.
 */
public final class FaultProxy implements AutoCloseable {

	private final NioReactor reactor;

	private final TcpCrusher crusher;

	private final int port;

	private volatile long replyDelayNanos;

	private FaultProxy(int targetPort) {
		this.port = RedisServerProcess.freePort();
		try {
			this.reactor = new NioReactor(5);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		// The throttler reads the delay on every buffer, so latency can be switched on
		// and off while connected.
		Throttler replies = (ByteBuffer buffer) -> (this.replyDelayNanos > 0) ? this.replyDelayNanos
				: Throttler.NO_DELAY_NS;
		this.crusher = TcpCrusherBuilder.builder()
			.withReactor(this.reactor)
			.withBindAddress("127.0.0.1", this.port)
			.withConnectAddress("127.0.0.1", targetPort)
			.withIncomingThrottlerFactory((address) -> replies)
			.withConnectionTimeoutMs(1000)
			.buildAndOpen();
	}

	/**
	 * Opens a proxy to the given server.
	 * @param server the server behind the proxy
	 * @return the open proxy
	 */
	public static FaultProxy to(RedisServerProcess server) {
		return new FaultProxy(server.port());
	}

	/**
	 * The URL a client uses to reach the server through the proxy.
	 * @return {@code redis://127.0.0.1:port}
	 */
	public String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	/**
	 * The proxy's port.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Closes every proxied connection: both sides see end-of-stream, as when a network
	 * link or server dies. Replies held back by {@link #replyLatency(Duration)} are lost
	 * with their connection (the delay ends only after the cut, so a reply the proxy had
	 * not read yet cannot slip through), and the connections that follow have none.
	 */
	public void cutConnections() {
		this.crusher.closeAllPairs();
		this.replyDelayNanos = 0;
	}

	/**
	 * Stops forwarding in both directions while keeping connections open: requests are
	 * held, nothing answers.
	 */
	public void blackhole() {
		this.crusher.freeze();
	}

	/** Ends {@link #blackhole()}: the data held meanwhile is delivered. */
	public void restore() {
		if (this.crusher.isFrozen()) {
			this.crusher.unfreeze();
		}
	}

	/**
	 * Delays every reply from the server by this much, or removes the delay.
	 * @param delay the delay, {@link Duration#ZERO} for none
	 */
	public void replyLatency(Duration delay) {
		this.replyDelayNanos = delay.toNanos();
	}

	/**
	 * Closes the listening socket and every connection: new connections are refused until
	 * {@link #accept()}.
	 */
	public void refuse() {
		if (this.crusher.isOpen()) {
			this.crusher.close();
		}
	}

	/** Listens again after {@link #refuse()}. */
	public void accept() {
		if (!this.crusher.isOpen()) {
			this.crusher.open();
		}
	}

	/**
	 * How many client connections the proxy carries now.
	 * @return the count
	 */
	public int connectionCount() {
		return this.crusher.getClientAddresses().size();
	}

	@Override
	public void close() {
		this.crusher.close();
		this.reactor.close();
	}

}
