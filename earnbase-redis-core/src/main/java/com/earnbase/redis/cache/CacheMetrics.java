package com.earnbase.redis.cache;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/** The meters of one cache, tagged by its cache name, never by key. */
final class CacheMetrics {

	private final Counter hits;

	private final Counter misses;

	private final Counter errors;

	private final Counter nearHits;

	private final Tags tags;

	private final Counter coalesced;

	private final Timer success;

	private final Timer absent;

	private final Timer error;

	CacheMetrics(MeterRegistry registry, String cacheName) {
		Tags tags = (cacheName != null) ? Tags.of("cache", cacheName) : Tags.empty();
		this.tags = tags;
		this.hits = requests(registry, tags, "hit");
		this.nearHits = requests(registry, tags, "near_hit");
		this.misses = requests(registry, tags, "miss");
		this.errors = requests(registry, tags, "error");
		this.coalesced = Counter.builder("earnbase.redis.cache.coalesced")
			.tags(tags)
			.description("Callers that waited for another caller's load in this JVM")
			.register(registry);
		this.success = load(registry, tags, "success");
		this.absent = load(registry, tags, "absent");
		this.error = load(registry, tags, "error");
	}

	private static Counter requests(MeterRegistry registry, Tags tags, String result) {
		return Counter.builder("earnbase.redis.cache.requests")
			.tags(tags)
			.tag("result", result)
			.description("Cache lookups")
			.register(registry);
	}

	private static Timer load(MeterRegistry registry, Tags tags, String outcome) {
		return Timer.builder("earnbase.redis.cache.load")
			.tags(tags)
			.tag("outcome", outcome)
			.description("Factory calls that computed a missing value")
			.register(registry);
	}

	/** The cache's tags, for the near cache's meters. */
	Tags tags() {
		return this.tags;
	}

	/** Counts a lookup served by a local copy of the near cache. */
	void nearHit() {
		this.nearHits.increment();
	}

	/** Counts a lookup that found the key in Redis, or did not. */
	void lookup(boolean hit) {
		(hit ? this.hits : this.misses).increment();
	}

	/** Counts a lookup that could not reach Redis. */
	void unreachable() {
		this.errors.increment();
	}

	/** Counts a caller that joined a load already running in this JVM. */
	void coalesced() {
		this.coalesced.increment();
	}

	/**
	 * Records a factory call: {@code success}, {@code absent} (it returned null) or
	 * {@code error}.
	 */
	void load(String outcome, long nanos) {
		Timer timer = switch (outcome) {
			case "success" -> this.success;
			case "absent" -> this.absent;
			default -> this.error;
		};
		timer.record(nanos, TimeUnit.NANOSECONDS);
	}

}
