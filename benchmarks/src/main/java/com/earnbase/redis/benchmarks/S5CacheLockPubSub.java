package com.earnbase.redis.benchmarks;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.cache.RedisCache;
import com.earnbase.redis.cache.RedisCacheOptions;
import com.earnbase.redis.lock.LockHandle;
import com.earnbase.redis.lock.RedisLockService;
import com.earnbase.redis.pubsub.RedisPubSubService;
import com.earnbase.redis.pubsub.Subscription;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * S5 baselines on raw Lettuce, one thread: a warm cache hit is one GET of a JSON value; a
 * lock acquire+release is SET NX PX then an owner-checked DEL script (two round trips);
 * publish → receive is the time from PUBLISH until a subscriber on a second connection
 * has the message. Ours, on our client with the starter's defaults (metrics on):
 * {@link RedisCache#getOrSet} on warm keys, {@link RedisLockService#tryAcquire} + close,
 * and {@link RedisPubSubService} publish until a subscribed handler has the message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class S5CacheLockPubSub extends LatencyMeasured {

	/** Deletes the lock only when it still holds our id. */
	static final String RELEASE = """
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
			""";

	private static final String CHANNEL = BenchEnvironment.PREFIX + ":channel:bench";

	/**
	 * Our channel, apart from the raw one so that neither subscriber sees the other's
	 * messages.
	 */
	private static final String OUR_CHANNEL = "bench-ours";

	private static final Duration CACHE_TTL = Duration.ofMinutes(10);

	private static final Duration LEASE = Duration.ofSeconds(30);

	/** The cached value: a small DTO whose JSON is about 100 bytes. */
	public record Item(long id, String name) {
	}

	private final String lockId = UUID.randomUUID().toString();

	private Clients.Lettuce lettuce;

	private RedisCommands<String, String> redis;

	private StatefulRedisPubSubConnection<String, String> subscriber;

	private volatile CompletableFuture<String> delivery;

	private String releaseSha;

	private String[] cacheKeys;

	private String[][] lockKeys;

	private int next;

	private final Item item = new Item(123, "n".repeat(BenchEnvironment.VALUE_BYTES - 22));

	private String[] ourCacheKeys;

	private String[] ourLockKeys;

	private LettuceRedisClient earnbase;

	private RedisCache cache;

	private RedisLockService locks;

	private RedisPubSubService pubSub;

	private Subscription subscription;

	private volatile CompletableFuture<String> ourDelivery;

	/**
	 * Connects, warms the cache keys (raw and ours), loads the release script, subscribes
	 * to both channels and creates our cache, lock service and pub/sub service on our
	 * client.
	 */
	@Setup(Level.Trial)
	public void connect() {
		this.lettuce = Clients.Lettuce.open(false);
		this.redis = this.lettuce.connection().sync();
		String json = "{\"id\":123,\"name\":\"" + "n".repeat(BenchEnvironment.VALUE_BYTES - 22) + "\"}";
		this.cacheKeys = new String[BenchEnvironment.KEYS];
		this.lockKeys = new String[BenchEnvironment.KEYS][];
		for (int i = 0; i < BenchEnvironment.KEYS; i++) {
			this.cacheKeys[i] = BenchEnvironment.PREFIX + ":cache:bench:" + i;
			this.lockKeys[i] = new String[] { BenchEnvironment.PREFIX + ":lock:{bench" + i + "}" };
			this.redis.set(this.cacheKeys[i], json);
		}
		this.releaseSha = this.redis.scriptLoad(RELEASE);
		this.subscriber = this.lettuce.client().connectPubSub();
		this.subscriber.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String channel, String message) {
				CompletableFuture<String> waiting = S5CacheLockPubSub.this.delivery;
				if (waiting != null) {
					waiting.complete(message);
				}
			}
		});
		this.subscriber.sync().subscribe(CHANNEL);
		this.earnbase = Clients.earnbase(true, true);
		this.cache = new RedisCache(this.earnbase, RedisCacheOptions.defaults());
		this.locks = new RedisLockService(this.earnbase);
		this.pubSub = new RedisPubSubService(this.earnbase);
		this.ourCacheKeys = new String[BenchEnvironment.KEYS];
		this.ourLockKeys = new String[BenchEnvironment.KEYS];
		for (int i = 0; i < BenchEnvironment.KEYS; i++) {
			this.ourCacheKeys[i] = "item:" + i;
			this.ourLockKeys[i] = "ours" + i;
			this.cache.put(this.ourCacheKeys[i], this.item, CACHE_TTL);
		}
		this.subscription = this.pubSub.subscribe(OUR_CHANNEL, String.class, (message) -> {
			CompletableFuture<String> waiting = this.ourDelivery;
			if (waiting != null) {
				waiting.complete(message);
			}
		});
	}

	/** Writes the latency percentiles and closes the connections. */
	@TearDown(Level.Trial)
	public void close(BenchmarkParams params) {
		this.latency.write(params);
		this.subscription.close();
		this.pubSub.close();
		this.locks.close();
		this.earnbase.close();
		this.subscriber.close();
		this.lettuce.close();
	}

	/**
	 * The baseline of a warm {@code Cache.getOrSet}: one GET of a ~100-byte JSON value.
	 */
	@Benchmark
	public String rawGet() {
		String key = this.cacheKeys[this.next++ % BenchEnvironment.KEYS];
		long start = this.latency.start();
		String value = this.redis.get(key);
		this.latency.stop(start);
		return value;
	}

	/**
	 * The baseline of a lock acquire + release: SET NX PX, then the owner-checked DEL
	 * script.
	 */
	@Benchmark
	public long rawLockAcquireRelease() {
		String[] key = this.lockKeys[this.next++ % BenchEnvironment.KEYS];
		long start = this.latency.start();
		String acquired = this.redis.set(key[0], this.lockId, SetArgs.Builder.nx().px(30_000));
		if (!"OK".equals(acquired)) {
			throw new IllegalStateException("lock " + key[0] + " was not free");
		}
		Long released = this.redis.evalsha(this.releaseSha, ScriptOutputType.INTEGER, key, this.lockId);
		this.latency.stop(start);
		return released;
	}

	/**
	 * PUBLISH on the command connection, then wait until the subscriber connection has
	 * the message.
	 */
	@Benchmark
	public String rawPublishReceive() {
		CompletableFuture<String> waiting = new CompletableFuture<>();
		this.delivery = waiting;
		String message = Integer.toString(this.next++);
		long start = this.latency.start();
		this.redis.publish(CHANNEL, message);
		String received = Clients.await(waiting);
		this.latency.stop(start);
		return received;
	}

	/** Ours: {@code Cache.getOrSet} on a warm key (the factory never runs). */
	@Benchmark
	public Item cacheGetOrSet() {
		String key = this.ourCacheKeys[this.next++ % BenchEnvironment.KEYS];
		long start = this.latency.start();
		Item value = this.cache.getOrSet(key, Item.class, CACHE_TTL, () -> this.item);
		this.latency.stop(start);
		return value;
	}

	/** Ours: {@code tryAcquire} of a free lock, then release by closing the handle. */
	@Benchmark
	public String lockAcquireRelease() {
		String key = this.ourLockKeys[this.next++ % BenchEnvironment.KEYS];
		long start = this.latency.start();
		LockHandle handle = this.locks.tryAcquire(key, LEASE)
			.orElseThrow(() -> new IllegalStateException("lock " + key + " was not free"));
		handle.close();
		this.latency.stop(start);
		return key;
	}

	/**
	 * Ours: publish, then wait until the subscribed handler (on a handler thread) has the
	 * message.
	 */
	@Benchmark
	public String publishReceive() {
		CompletableFuture<String> waiting = new CompletableFuture<>();
		this.ourDelivery = waiting;
		String message = Integer.toString(this.next++);
		long start = this.latency.start();
		this.pubSub.publish(OUR_CHANNEL, message);
		String received = Clients.await(waiting);
		this.latency.stop(start);
		return received;
	}

}
