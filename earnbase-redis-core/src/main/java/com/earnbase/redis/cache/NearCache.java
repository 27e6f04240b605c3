package com.earnbase.redis.cache;

import java.util.Map;

import com.earnbase.redis.cache.CacheEnvelope.Reader;
import com.earnbase.redis.cache.CacheEnvelope.Stored;
import com.earnbase.redis.support.KeyTracking;
import com.earnbase.redis.support.PrimitiveSupport;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The near cache of one {@link RedisCache}: copies of envelopes in this JVM, with their
 * decoded value, dropped when Redis reports a change of their key ({@link KeyTracking}).
 * <p>
 * One bounded Caffeine map holds two kinds of entries per key: a {@link Copy} (weight 1,
 * so {@code max-entries} bounds the copies) or a {@link Ticket} (weight 0, never evicted
 * for size, short-lived). A reader puts a ticket before it sends its GET and keeps the
 * reply only by replacing that same ticket, and only when the tracking generation it saw
 * is still the active one: an invalidation that arrives before the reply removes the
 * ticket, so a reply read before a change is never kept (the race the Redis
 * client-side-caching documentation describes). A write of this client puts a fence
 * ticket first, so that nothing read before the write returns is kept, and removes it
 * when the write returns (read-your-writes in one JVM).
 */
final class NearCache implements KeyTracking.Listener, AutoCloseable {

	private final Map<String, Object> local;

	private final com.github.benmanes.caffeine.cache.Cache<String, Object> caffeine;

	private final Counter invalidations;

	private final Counter evictions;

	private final Counter resets;

	private final KeyTracking tracking;

	/**
	 * Creates the local map and starts tracking the cache's keys.
	 * @param client the client's support
	 * @param keyPrefix the cache's key prefix, client prefix included
	 * @param options the near cache settings
	 * @param registry the meter registry
	 * @param tags the cache's tags
	 * @throws IllegalArgumentException when the client reads from replicas
	 * @throws com.earnbase.redis.EarnbaseRedisException when tracking cannot be set up
	 */
	NearCache(PrimitiveSupport client, String keyPrefix, NearCacheOptions options, MeterRegistry registry, Tags tags) {
		this.evictions = Counter.builder("earnbase.redis.cache.near.evictions")
			.tags(tags)
			.description("Local copies evicted for the size bound or their age")
			.register(registry);
		this.caffeine = Caffeine.newBuilder()
			.maximumWeight(options.maxEntries())
			.weigher((String key, Object value) -> (value instanceof Copy) ? 1 : 0)
			.expireAfterWrite(options.ttl())
			// On the calling thread: the common pool has one thread on two cores and may
			// be
			// blocked by applications' tasks.
			.executor(Runnable::run)
			.removalListener((String key, Object value, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
				if (cause.wasEvicted() && value instanceof Copy) {
					this.evictions.increment();
				}
			})
			.build();
		this.local = this.caffeine.asMap();
		this.invalidations = Counter.builder("earnbase.redis.cache.near.invalidations")
			.tags(tags)
			.description("Keys of this cache whose change Redis reported")
			.register(registry);
		this.resets = Counter.builder("earnbase.redis.cache.near.resets")
			.tags(tags)
			.description("Times every local copy was dropped: tracking interrupted, nodes changed, database flushed")
			.register(registry);
		Gauge.builder("earnbase.redis.cache.near.size", this, NearCache::size)
			.tags(tags)
			.description("Local copies held")
			.register(registry);
		Gauge.builder("earnbase.redis.cache.near.tracking", this, (near) -> near.isActive() ? 1 : 0)
			.tags(tags)
			.description("1 while Redis reports every change of this cache's keys, so local copies are served")
			.register(registry);
		this.tracking = client.track(keyPrefix, this);
	}

	/**
	 * Whether local copies are served now: tracking is active on every node.
	 * @return true while active
	 */
	boolean isActive() {
		return this.tracking.isActive();
	}

	/**
	 * The local copy of a key, while tracking is active.
	 * @param valueKey the Redis key
	 * @return the copy, or null
	 */
	Copy copy(String valueKey) {
		if (!this.tracking.isActive()) {
			return null;
		}
		return (this.local.get(valueKey) instanceof Copy copy) ? copy : null;
	}

	/**
	 * Takes a ticket before reading a key from Redis.
	 * @param valueKey the Redis key
	 * @return the ticket, or null when the reply may not be kept (tracking inactive, a
	 * write of this client in flight, or a copy already there)
	 */
	Ticket reserve(String valueKey) {
		long epoch = this.tracking.activeEpoch();
		if (epoch < 0) {
			return null;
		}
		Ticket ticket = new Ticket(epoch);
		Object present = this.local.putIfAbsent(valueKey, ticket);
		if (present == null) {
			return ticket;
		}
		return (present instanceof Ticket other && other.epoch == epoch) ? other : null;
	}

	/**
	 * Keeps what Redis answered for a ticket: only when no invalidation of the key and no
	 * interruption of tracking came since the ticket was taken.
	 * @param valueKey the Redis key
	 * @param ticket the ticket, or null (nothing is kept)
	 * @param envelope the envelope read, or null on a miss
	 * @param expiresAtMillis when the key expires in Redis, by this JVM's clock, or -1
	 * when unknown
	 */
	void keep(String valueKey, Ticket ticket, Stored envelope, long expiresAtMillis) {
		if (ticket == null) {
			return;
		}
		if (envelope == null || this.tracking.activeEpoch() != ticket.epoch) {
			this.local.remove(valueKey, ticket);
			return;
		}
		// Replaces only the ticket itself: an invalidation, a fence or a reset removed it
		// when the reply may be stale.
		this.local.replace(valueKey, ticket, new Copy(envelope, expiresAtMillis));
	}

	/**
	 * Drops the copy of a key and keeps no read of it until {@link #unfence} (a write of
	 * this client in flight).
	 * @param valueKey the Redis key
	 * @return the fence to remove when the write returned
	 */
	Ticket fence(String valueKey) {
		Ticket fence = new Ticket(-1);
		this.local.put(valueKey, fence);
		return fence;
	}

	/**
	 * Removes a fence once its write returned (or failed).
	 * @param valueKey the Redis key
	 * @param fence the fence
	 */
	void unfence(String valueKey, Ticket fence) {
		this.local.remove(valueKey, fence);
	}

	/** Drops every local copy (this client cleared the cache). */
	void dropAll() {
		this.caffeine.invalidateAll();
	}

	@Override
	public void invalidated(String key) {
		this.local.remove(key);
		// Counted once the copy is gone: whoever sees the count sees the copy dropped.
		this.invalidations.increment();
	}

	@Override
	public void reset() {
		this.caffeine.invalidateAll();
		this.resets.increment();
	}

	private double size() {
		return this.caffeine.policy().eviction().map((eviction) -> eviction.weightedSize().orElse(0L)).orElse(0L);
	}

	@Override
	public void close() {
		this.tracking.close();
		this.caffeine.invalidateAll();
	}

	/** A reader's or a write's claim on a key; compared by identity. */
	static final class Ticket {

		/** The tracking generation it was taken in; -1 for a write's fence. */
		final long epoch;

		Ticket(long epoch) {
			this.epoch = epoch;
		}

	}

	/**
	 * A local copy: the envelope, when the key expires in Redis, and the value decoded
	 * for the last reader (readers of one type share one decoded instance).
	 */
	static final class Copy {

		final Stored envelope;

		final long expiresAtMillis;

		private volatile Decoded decoded;

		Copy(Stored envelope, long expiresAtMillis) {
			this.envelope = envelope;
			this.expiresAtMillis = expiresAtMillis;
		}

		/**
		 * The value as the reader reads it, decoded once per reader type.
		 * @param valueKey the Redis key, named in errors
		 * @param reader the reader
		 * @return the value
		 */
		Object read(String valueKey, Reader reader) {
			Object type = reader.memoKey();
			Decoded decoded = this.decoded;
			if (type != null && decoded != null && decoded.type.equals(type)) {
				return decoded.value;
			}
			Object value = reader.read(valueKey, this.envelope);
			if (type != null) {
				this.decoded = new Decoded(type, value);
			}
			return value;
		}

	}

	private record Decoded(Object type, Object value) {
	}

}
