package com.earnbase.redis.pubsub;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

	/** The outcomes of each direction, in the order of {@link #counters}. */
	private static final List<String> OUTCOMES = List.of(SUCCESS, ERROR, HANDLER_ERROR, DECODE_ERROR, REJECTED);

	/** The key of every counter when channels are not tagged. */
	private static final String UNTAGGED = "";

	private final MeterRegistry registry;

	private final boolean tagChannels;

	/**
	 * The counters of each direction and outcome (published outcomes first), by channel
	 * tag: a message looks its counter up without building a key.
	 */
	private final List<ConcurrentMap<String, Counter>> counters;

	PubSubMetrics(MeterRegistry registry, boolean tagChannels) {
		this.registry = registry;
		this.tagChannels = tagChannels;
		this.counters = Stream.generate(ConcurrentHashMap<String, Counter>::new)
			.limit(2L * OUTCOMES.size())
			.collect(Collectors.toUnmodifiableList());
	}

	void increment(String direction, String outcome, String channel) {
		increment(direction, outcome, channel, 1);
	}

	void increment(String direction, String outcome, String channel, long count) {
		if (count <= 0) {
			return;
		}
		ConcurrentMap<String, Counter> byChannel = this.counters.get(index(direction, outcome));
		String key = this.tagChannels ? channel : UNTAGGED;
		Counter counter = byChannel.get(key);
		if (counter == null) {
			counter = byChannel.computeIfAbsent(key,
					(tag) -> register(direction, outcome, this.tagChannels ? tag : null));
		}
		counter.increment(count);
	}

	private static int index(String direction, String outcome) {
		int outcomeIndex = OUTCOMES.indexOf(outcome);
		if (outcomeIndex < 0 || !(direction.equals(PUBLISHED) || direction.equals(RECEIVED))) {
			throw new IllegalArgumentException("unknown pub/sub counter " + direction + "/" + outcome);
		}
		return (direction.equals(PUBLISHED) ? 0 : OUTCOMES.size()) + outcomeIndex;
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
