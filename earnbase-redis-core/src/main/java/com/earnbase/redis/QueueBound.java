package com.earnbase.redis;

import java.util.Queue;

import io.lettuce.core.RedisException;
import io.lettuce.core.protocol.CommandHandler;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Refuses a command on the event loop, before Lettuce's {@link CommandHandler} sees it,
 * when that connection's stack of commands awaiting a reply already holds the bound.
 * Lettuce applies the same bound ({@code requestQueueSize}) there, but fails the write
 * and logs a WARN with a stack trace for every refused command: under a flood at a silent
 * server that is a log line per call, and slower than the calls it refuses. Here the
 * command fails with a {@link RedisException} without stack trace, which the client turns
 * into {@link RedisQueueFullException}, and the write counts as done, so nothing is
 * logged.
 * <p>
 * Lettuce's own checks stay: before a command reaches the event loop (commands not yet
 * written count against the same bound) and for batches, which only its reconnect replay
 * writes.
 */
final class QueueBound implements NettyCustomizer {

	private final int bound;

	QueueBound(int bound) {
		this.bound = bound;
	}

	@Override
	public void afterChannelInitialized(Channel channel) {
		// Last in the pipeline: outbound writes pass it before the command handler.
		channel.pipeline().addLast(new Gate());
	}

	/** Whether a failure is this gate's refusal. */
	static boolean isRefusal(Throwable error) {
		return error instanceof Refused;
	}

	/** One connection's gate; runs on its event loop, as the stack does. */
	private final class Gate extends ChannelOutboundHandlerAdapter {

		private Queue<RedisCommand<?, ?, ?>> stack;

		@Override
		public void handlerAdded(ChannelHandlerContext ctx) {
			CommandHandler handler = ctx.pipeline().get(CommandHandler.class);
			this.stack = (handler != null) ? handler.getStack() : null;
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
			if (msg instanceof RedisCommand<?, ?, ?> command && this.stack != null
					&& this.stack.size() >= QueueBound.this.bound && !command.isDone()) {
				command.completeExceptionally(new Refused(QueueBound.this.bound));
				promise.trySuccess();
				return;
			}
			super.write(ctx, msg, promise);
		}

	}

	/**
	 * The refusal, without a stack trace: it says where it came from, and a flood creates
	 * one per call.
	 */
	private static final class Refused extends RedisException {

		Refused(int bound) {
			super("Request queue size exceeded: " + bound + " commands await a reply on this connection");
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	}

}
