package com.earnbase.redis;

import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * Puts Netty's {@link FlushConsolidationHandler} first in every channel's pipeline: a
 * flush requested while a read is in progress waits for the read to complete, any other
 * waits for one event-loop task, so commands queued meanwhile leave in one write. Lettuce
 * flushes after every command otherwise.
 */
final class FlushConsolidation implements NettyCustomizer {

	/** Flush at the latest after this many consolidated flushes (Netty's default). */
	private static final int MAX_CONSOLIDATED = 256;

	@Override
	public void afterChannelInitialized(Channel channel) {
		channel.pipeline().addFirst(new FlushConsolidationHandler(MAX_CONSOLIDATED, true));
	}

}
