package com.earnbase.redis.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.benchmarks.S5CacheLockPubSub.Item;
import com.earnbase.redis.cache.NearCacheOptions;
import com.earnbase.redis.cache.RedisCache;
import com.earnbase.redis.cache.RedisCacheOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.codec.CompositeCodec;
import org.redisson.codec.TypedJsonJacksonCodec;

/**
 * The caches of issue 17's benchmarks, by name. Every one holds the same small value
 * object ({@link Item}, about 100 bytes of JSON) under 1000 keys.
 * <ul>
 * <li>{@code lettuce-get}: raw Lettuce GET of the value's JSON, not decoded (the
 * baseline, as S5's rawGet);</li>
 * <li>{@code earnbase-remote}: our {@link RedisCache} (metrics on), near cache off: GET
 * and JSON decoding on every read;</li>
 * <li>{@code earnbase-near}: the same with {@link NearCacheOptions} on (its defaults:
 * 10,000 entries, 5 minutes), used once {@link RedisCache#nearCacheActive()}: a hit
 * returns the decoded local copy;</li>
 * <li>{@code redisson-local-cached}: Redisson's {@link RLocalCachedMap} (one hash, its
 * default options: unbounded local cache, no eviction, invalidation messages over
 * pub/sub) with a JSON codec comparable to ours (Jackson, typed to {@link Item}; keys as
 * plain strings); the local cache holds decoded values;</li>
 * <li>{@code lettuce-client-side-caching}: Lettuce's {@link ClientSideCaching} over a
 * {@link ConcurrentHashMap} on a RESP3 connection with {@code CLIENT TRACKING on}
 * (default mode), with a Jackson codec so that the map holds decoded values.</li>
 * </ul>
 */
final class NearCaches {

	static final String LETTUCE_GET = "lettuce-get";

	static final String EARNBASE_REMOTE = "earnbase-remote";

	static final String EARNBASE_NEAR = "earnbase-near";

	static final String REDISSON_LOCAL_CACHED = "redisson-local-cached";

	static final String LETTUCE_CLIENT_SIDE_CACHING = "lettuce-client-side-caching";

	/** Our cache's namespace in these benchmarks. */
	static final String NAMESPACE = "bench-near";

	/** The hash that holds Redisson's map. */
	static final String REDISSON_MAP = BenchEnvironment.PREFIX + ":bench-near:redisson";

	private static final Duration TTL = Duration.ofMinutes(10);

	private static final ObjectMapper MAPPER = new ObjectMapper();

	/**
	 * The factory of our cache's reads, which always hit: one instance, so that a hit
	 * allocates no lambda.
	 */
	private static final Supplier<Item> MISSING = () -> {
		throw new IllegalStateException("a benchmark key is not cached");
	};

	private NearCaches() {
	}

	/** The value every hit benchmark reads. */
	static Item item(long id) {
		return new Item(id, "n".repeat(BenchEnvironment.VALUE_BYTES - 22));
	}

	/** A read-only cache for the hit benchmarks. */
	interface Reader extends AutoCloseable {

		Object get(int index);

		@Override
		void close();

	}

	/**
	 * One independent client with its cache, for the invalidation measurement: its own
	 * connections, its own local copies.
	 */
	interface Side extends AutoCloseable {

		void put(String key, Item value);

		Item get(String key);

		@Override
		void close();

	}

	/**
	 * A reader by name, its 1000 keys written and each read once (so that the near caches
	 * hold a local copy).
	 */
	static Reader reader(String name) {
		Item item = item(123);
		if (name.equals(LETTUCE_GET)) {
			Clients.Lettuce lettuce = Clients.Lettuce.open(false);
			RedisCommands<String, String> redis = lettuce.connection().sync();
			String[] keys = Clients.keys((i) -> BenchEnvironment.PREFIX + ":" + NAMESPACE + ":raw:" + i);
			String json = json(item);
			for (String key : keys) {
				redis.set(key, json);
			}
			return new Reader() {
				@Override
				public Object get(int index) {
					return redis.get(keys[index]);
				}

				@Override
				public void close() {
					lettuce.close();
				}
			};
		}
		Side side = side(name);
		String[] keys = Clients.keys((i) -> "item:" + i);
		for (String key : keys) {
			side.put(key, item);
		}
		for (String key : keys) {
			if (!item.equals(side.get(key))) {
				throw new IllegalStateException(name + " did not read back " + key);
			}
		}
		return new Reader() {
			@Override
			public Object get(int index) {
				return side.get(keys[index]);
			}

			@Override
			public void close() {
				side.close();
			}
		};
	}

	/** An independent client and cache by name (not {@code lettuce-get}). */
	static Side side(String name) {
		return switch (name) {
			case EARNBASE_REMOTE -> earnbase(NearCacheOptions.defaults());
			case EARNBASE_NEAR -> earnbase(NearCacheOptions.defaults().withEnabled(true));
			case REDISSON_LOCAL_CACHED -> redisson();
			case LETTUCE_CLIENT_SIDE_CACHING -> lettuceClientSideCaching();
			default -> throw new IllegalArgumentException("unknown near-cache client " + name);
		};
	}

	private static Side earnbase(NearCacheOptions near) {
		LettuceRedisClient client = Clients.earnbase(true, true);
		RedisCache cache = new RedisCache(client,
				RedisCacheOptions.defaults().withNamespace(NAMESPACE).withNearCache(near));
		if (near.enabled()) {
			// Tracking is set up in the background: until then reads keep no local copy
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (!cache.nearCacheActive()) {
				if (System.nanoTime() - deadline > 0) {
					throw new IllegalStateException("the near cache is not active after 10 s");
				}
				Thread.onSpinWait();
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
		}
		return new Side() {
			@Override
			public void put(String key, Item value) {
				cache.put(key, value, TTL);
			}

			@Override
			public Item get(String key) {
				return cache.getOrSet(key, Item.class, TTL, MISSING);
			}

			@Override
			public void close() {
				cache.close();
				client.close();
			}
		};
	}

	private static Side redisson() {
		RedissonClient redisson = Clients.openRedisson();
		RLocalCachedMap<String, Item> map = redisson
			.getLocalCachedMap(LocalCachedMapOptions.<String, Item>name(REDISSON_MAP)
				.codec(new CompositeCodec(org.redisson.client.codec.StringCodec.INSTANCE,
						new TypedJsonJacksonCodec(Item.class, String.class, Item.class, new ObjectMapper()))));
		return new Side() {
			@Override
			public void put(String key, Item value) {
				map.fastPut(key, value);
			}

			@Override
			public Item get(String key) {
				return map.get(key);
			}

			@Override
			public void close() {
				map.destroy();
				redisson.shutdown();
			}
		};
	}

	private static Side lettuceClientSideCaching() {
		Clients.Lettuce lettuce = Clients.Lettuce.open(false);
		StatefulRedisConnection<String, Item> connection = lettuce.client().connect(new ItemCodec());
		CacheFrontend<String, Item> frontend = ClientSideCaching.enable(CacheAccessor.forMap(new ConcurrentHashMap<>()),
				connection, TrackingArgs.Builder.enabled());
		RedisCommands<String, Item> redis = connection.sync();
		return new Side() {
			@Override
			public void put(String key, Item value) {
				redis.set(fullKey(key), value);
			}

			@Override
			public Item get(String key) {
				return frontend.get(fullKey(key));
			}

			private String fullKey(String key) {
				return BenchEnvironment.PREFIX + ":" + NAMESPACE + ":csc:" + key;
			}

			@Override
			public void close() {
				// Closes the connection too
				frontend.close();
				lettuce.close();
			}
		};
	}

	static String json(Item item) {
		try {
			return MAPPER.writeValueAsString(item);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * String keys, {@link Item} values as JSON (Jackson), so that Lettuce's client-side
	 * cache holds decoded values like the others.
	 */
	static final class ItemCodec implements RedisCodec<String, Item> {

		@Override
		public String decodeKey(ByteBuffer bytes) {
			return StringCodec.UTF8.decodeKey(bytes);
		}

		@Override
		public Item decodeValue(ByteBuffer bytes) {
			byte[] json = new byte[bytes.remaining()];
			bytes.get(json);
			try {
				return MAPPER.readValue(json, Item.class);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public ByteBuffer encodeKey(String key) {
			return StringCodec.UTF8.encodeKey(key);
		}

		@Override
		public ByteBuffer encodeValue(Item value) {
			try {
				return ByteBuffer.wrap(MAPPER.writeValueAsBytes(value));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
