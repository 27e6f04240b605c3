package com.earnbase.redis.pubsub;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code earnbase.redis.pubsub.messages} counters, registered on first use (the
 * registry records nothing when the application has none). The {@code channel} tag is the
 * channel or pattern as the application names it, and only when enabled.
 */
final class PubSubMetrics {

	static final String COUNTER = "earnbase.redis.pubsub.messages";

	static final String PUBLISHED = "published";

	static final String RECEIVED = "received";

	static final String SUCCESS = "success";

	static final String ERROR = "error";

	static final String HANDLER_ERROR = "handler_error";

	static final String DECODE_ERROR = "decode_error";

	static final String REJECTED = "rejected";

	private final MeterRegistry registry;

	private final boolean tagChannels;

	private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

	PubSubMetrics(MeterRegistry registry, boolean tagChannels) {
		this.registry = registry;
		this.tagChannels = tagChannels;
	}

	void increment(String direction, String outcome, String channel) {
		increment(direction, outcome, channel, 1);
	}

	void increment(String direction, String outcome, String channel, long count) {
		if (count <= 0) {
			return;
		}
		String tag = this.tagChannels ? channel : null;
		String id = direction + '/' + outcome + ((tag != null) ? '/' + tag : "");
		Counter counter = this.counters.get(id);
		if (counter == null) {
			counter = this.counters.computeIfAbsent(id, (key) -> register(direction, outcome, tag));
		}
		counter.increment(count);
	}

	private Counter register(String direction, String outcome, String channel) {
		Counter.Builder builder = Counter.builder(COUNTER)
			.description("Pub/sub messages published and received by the earnbase client")
			.tag("direction", direction)
			.tag("outcome", outcome);
		if (channel != null) {
			builder.tag("channel", channel);
		}
		return builder.register(this.registry);
	}

}
