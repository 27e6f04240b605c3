package com.earnbase.redis;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport-independent stand-in for {@code TCP_USER_TIMEOUT}, used where the native
 * transport that sets it is missing: closes a connection on which a command has waited
 * longer than the bound while not a single byte arrived, so that Lettuce reconnects
 * instead of leaving it to the kernel's retransmissions (about 15 minutes).
 * <p>
 * It watches bytes, not replies: the clock starts at the first write after the last read
 * and stops at the next read. A server that answers anything, however slowly, is never
 * cut off; a connection with nothing in flight (an idle subscriber) is left to TCP
 * keepalive. Unlike {@code TCP_USER_TIMEOUT} it also gives up a server that accepts bytes
 * but does not answer (a stopped process): by then every command has timed out, and a new
 * connection costs nothing. The state lives on the channel's event loop, so it needs no
 * synchronization.
 */
final class SilentPeerDetector implements NettyCustomizer {

	private static final Logger logger = LoggerFactory.getLogger(LettuceRedisClient.class);

	/** Shortest time between two checks of one connection. */
	private static final long MIN_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final long boundNanos;

	private final String redactedUrl;

	/**
	 * Creates the detector.
	 * @param boundNanos how long a command may wait with nothing received
	 * @param redactedUrl the server, for the log
	 */
	SilentPeerDetector(long boundNanos, String redactedUrl) {
		this.boundNanos = boundNanos;
		this.redactedUrl = redactedUrl;
	}

	@Override
	public void afterChannelInitialized(Channel channel) {
		channel.pipeline().addFirst(new Watch());
	}

	/** One connection's clock. */
	private final class Watch extends ChannelDuplexHandler {

		/** When the first write after the last read happened; 0 when none is pending. */
		private long waitingSince;

		private ScheduledFuture<?> check;

		@Override
		public void handlerAdded(ChannelHandlerContext ctx) {
			if (ctx.channel().isActive()) {
				start(ctx);
			}
		}

		@Override
		public void channelActive(ChannelHandlerContext ctx) throws Exception {
			start(ctx);
			super.channelActive(ctx);
		}

		private void start(ChannelHandlerContext ctx) {
			if (this.check == null) {
				long period = Math.max(SilentPeerDetector.this.boundNanos / 4, MIN_CHECK_NANOS);
				this.check = ctx.executor().scheduleAtFixedRate(() -> check(ctx), period, period, TimeUnit.NANOSECONDS);
			}
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) throws Exception {
			stop();
			super.channelInactive(ctx);
		}

		@Override
		public void handlerRemoved(ChannelHandlerContext ctx) {
			stop();
		}

		private void stop() {
			if (this.check != null) {
				this.check.cancel(false);
				this.check = null;
			}
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
			this.waitingSince = 0;
			super.channelRead(ctx, msg);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
			if (this.waitingSince == 0) {
				// Never 0 once set, whatever nanoTime's origin.
				this.waitingSince = System.nanoTime() | 1;
			}
			super.write(ctx, msg, promise);
		}

		private void check(ChannelHandlerContext ctx) {
			long since = this.waitingSince;
			if (since == 0 || System.nanoTime() - since <= SilentPeerDetector.this.boundNanos) {
				return;
			}
			logger.atWarn()
				.addKeyValue("operation", "silent-peer")
				.addKeyValue("server", SilentPeerDetector.this.redactedUrl)
				.addKeyValue("silentMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since))
				.log("Nothing received from Redis for {} ms while commands waited: closing the connection to "
						+ "reconnect (earnbase.redis.tcp-user-timeout without the native transport)",
						TimeUnit.NANOSECONDS.toMillis(SilentPeerDetector.this.boundNanos));
			stop();
			ctx.channel().close();
		}

	}

}
