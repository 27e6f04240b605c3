package com.earnbase.redis.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

import com.earnbase.redis.AsyncRedisClient;
import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisClientBuilder;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ValueOperations;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * Creates the clients under test by their benchmark name. Each JMH fork creates only the
 * one client it measures, so no other client's threads compete for the CPU.
 * <p>
 * Names: {@code lettuce-sync}, {@code lettuce-async} (raw Lettuce, one shared
 * connection), {@code earnbase-sync}, {@code earnbase-async} (our {@link RedisClient}
 * with its default settings), a {@code -metrics} suffix adds a
 * {@link SimpleMeterRegistry}, {@code spring-template} ({@link StringRedisTemplate} on a
 * {@link LettuceConnectionFactory}), {@code jedis} ({@link JedisPool}), {@code redisson}
 * ({@link RBucket} with {@link StringCodec}). A {@code +flush} suffix gives raw Lettuce
 * resources whose channels carry Netty's {@link FlushConsolidationHandler}, as our
 * client's have by default; {@code +noflush} turns that default off (the tuning of issue
 * 10, measured both ways in one run); {@code +spin} makes a blocking call on an async
 * client poll its reply for a moment before it parks (an option tried for issue 19).
 */
final class Clients {

	/**
	 * Blocking calls wait at most this long, like our client's default command timeout.
	 */
	private static final long TIMEOUT_SECONDS = 5;

	private Clients() {
	}

	/** A blocking client by benchmark name. */
	static BlockingClient blocking(String name) {
		Variant variant = Variant.of(name);
		return switch (variant.base()) {
			case "lettuce-sync" -> lettuceSync(variant.flush());
			case "lettuce-async" -> blockingOn(asyncLettuce(variant.flush()), variant.spin());
			case "earnbase-sync" -> earnbaseSync(earnbase(false, variant.flush()));
			case "earnbase-sync-metrics" -> earnbaseSync(earnbase(true, variant.flush()));
			case "earnbase-async" -> blockingOn(earnbaseAsync(earnbase(false, variant.flush())), variant.spin());
			case "earnbase-async-metrics" -> blockingOn(earnbaseAsync(earnbase(true, variant.flush())), variant.spin());
			case "spring-template" -> springTemplate();
			case "jedis" -> jedis();
			case "redisson" -> redisson();
			default -> throw new IllegalArgumentException("unknown blocking client " + name);
		};
	}

	/** A non-blocking client by benchmark name. */
	static AsyncClient async(String name) {
		Variant variant = Variant.of(name);
		return switch (variant.base()) {
			case "lettuce-async" -> asyncLettuce(variant.flush());
			case "earnbase-async" -> earnbaseAsync(earnbase(false, variant.flush()));
			case "earnbase-async-metrics" -> earnbaseAsync(earnbase(true, variant.flush()));
			case "redisson" -> redissonAsync();
			default -> throw new IllegalArgumentException("unknown async client " + name);
		};
	}

	/**
	 * A client name split into the client, whether its connection consolidates flushes
	 * (raw Lettuce does not unless named {@code +flush}; ours does, its default, unless
	 * named {@code +noflush}) and whether a blocking call spins before it parks
	 * ({@code +spin}, an experiment of issue 19 on async clients awaited).
	 */
	record Variant(String base, boolean flush, boolean spin) {

		static Variant of(String name) {
			if (name.endsWith("+spin")) {
				Variant variant = of(name.substring(0, name.length() - "+spin".length()));
				return new Variant(variant.base(), variant.flush(), true);
			}
			if (name.endsWith("+flush")) {
				return new Variant(name.substring(0, name.length() - "+flush".length()), true, false);
			}
			if (name.endsWith("+noflush")) {
				return new Variant(name.substring(0, name.length() - "+noflush".length()), false, false);
			}
			return new Variant(name, name.startsWith("earnbase"), false);
		}

	}

	/**
	 * Lettuce resources as our client creates its own: command-latency collector off,
	 * optional flush handler.
	 */
	static ClientResources resources(boolean flushConsolidation) {
		DefaultClientResources.Builder builder = DefaultClientResources.builder()
			.commandLatencyRecorder(CommandLatencyRecorder.disabled());
		if (flushConsolidation) {
			builder.nettyCustomizer(new NettyCustomizer() {
				@Override
				public void afterChannelInitialized(Channel channel) {
					channel.pipeline().addFirst(new FlushConsolidationHandler(256, true));
				}
			});
		}
		return builder.build();
	}

	/**
	 * Keys by index, computed once so that no client pays for string building inside the
	 * measurement.
	 */
	static String[] keys(IntFunction<String> naming) {
		String[] keys = new String[BenchEnvironment.KEYS];
		for (int i = 0; i < keys.length; i++) {
			keys[i] = naming.apply(i);
		}
		return keys;
	}

	/**
	 * How long a {@code +spin} call polls its reply before it parks: about one loopback
	 * round trip, so that a reply on time never needs the I/O thread to unpark the
	 * caller.
	 */
	private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

	static <T> T await(CompletionStage<T> stage) {
		return await(stage, false);
	}

	private static <T> T await(CompletionStage<T> stage, boolean spin) {
		CompletableFuture<T> future = stage.toCompletableFuture();
		if (spin) {
			long deadline = System.nanoTime() + SPIN_NANOS;
			while (!future.isDone() && System.nanoTime() - deadline < 0) {
				Thread.onSpinWait();
			}
		}
		try {
			return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// --- raw Lettuce
	// -------------------------------------------------------------------------------------

	/** Raw Lettuce: one client, one connection, resources that the close shuts down. */
	record Lettuce(ClientResources resources, io.lettuce.core.RedisClient client,
			StatefulRedisConnection<String, String> connection) implements AutoCloseable {

		static Lettuce open(boolean flushConsolidation) {
			ClientResources resources = Clients.resources(flushConsolidation);
			RedisURI uri = BenchEnvironment.uri();
			uri.setTimeout(Duration.ofSeconds(TIMEOUT_SECONDS));
			io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(resources, uri);
			return new Lettuce(resources, client, client.connect(io.lettuce.core.codec.StringCodec.UTF8));
		}

		@Override
		public void close() {
			this.connection.close();
			this.client.shutdown();
			this.resources.shutdown();
		}

	}

	private static BlockingClient lettuceSync(boolean flush) {
		Lettuce lettuce = Lettuce.open(flush);
		RedisCommands<String, String> sync = lettuce.connection().sync();
		String[] keys = keys(BenchEnvironment::fullKey);
		return new BlockingClient() {
			@Override
			public String get(int index) {
				return sync.get(keys[index]);
			}

			@Override
			public void set(int index, String value) {
				sync.set(keys[index], value);
			}

			@Override
			public void close() {
				lettuce.close();
			}
		};
	}

	private static AsyncClient asyncLettuce(boolean flush) {
		Lettuce lettuce = Lettuce.open(flush);
		RedisAsyncCommands<String, String> async = lettuce.connection().async();
		String[] keys = keys(BenchEnvironment::fullKey);
		return new AsyncClient() {
			@Override
			public CompletionStage<?> get(int index) {
				return async.get(keys[index]);
			}

			@Override
			public CompletionStage<?> set(int index, String value) {
				return async.set(keys[index], value);
			}

			@Override
			public void close() {
				lettuce.close();
			}
		};
	}

	private static BlockingClient blockingOn(AsyncClient async, boolean spin) {
		return new BlockingClient() {
			@Override
			public String get(int index) {
				return (String) await(async.get(index), spin);
			}

			@Override
			public void set(int index, String value) {
				await(async.set(index, value), spin);
			}

			@Override
			public void close() {
				async.close();
			}
		};
	}

	// --- ours
	// --------------------------------------------------------------------------------------------

	/**
	 * Our client with the starter's defaults, with or without a meter registry and flush
	 * consolidation.
	 */
	static LettuceRedisClient earnbase(boolean metrics, boolean flushConsolidation) {
		RedisClientBuilder builder = RedisClient.builder()
			.url(BenchEnvironment.url())
			.prefix(BenchEnvironment.PREFIX)
			.flushConsolidation(flushConsolidation);
		if (metrics) {
			builder.meterRegistry(new SimpleMeterRegistry());
		}
		return builder.build();
	}

	private static BlockingClient earnbaseSync(LettuceRedisClient client) {
		String[] keys = keys(BenchEnvironment::shortKey);
		return new BlockingClient() {
			@Override
			public String get(int index) {
				return client.get(keys[index]);
			}

			@Override
			public void set(int index, String value) {
				client.set(keys[index], value);
			}

			@Override
			public void close() {
				client.close();
			}
		};
	}

	private static AsyncClient earnbaseAsync(LettuceRedisClient client) {
		AsyncRedisClient async = client.async();
		String[] keys = keys(BenchEnvironment::shortKey);
		return new AsyncClient() {
			@Override
			public CompletionStage<?> get(int index) {
				return async.get(keys[index]);
			}

			@Override
			public CompletionStage<?> set(int index, String value) {
				return async.set(keys[index], value);
			}

			@Override
			public void close() {
				client.close();
			}
		};
	}

	// --- Spring Data Redis
	// -------------------------------------------------------------------------------

	private static BlockingClient springTemplate() {
		ClientResources resources = resources(false);
		RedisURI uri = BenchEnvironment.uri();
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
		String password = BenchEnvironment.password(uri);
		if (password != null) {
			server.setPassword(password);
		}
		LettuceConnectionFactory factory = new LettuceConnectionFactory(server,
				LettuceClientConfiguration.builder()
					.clientResources(resources)
					.commandTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
					.build());
		factory.afterPropertiesSet();
		factory.start();
		StringRedisTemplate template = new StringRedisTemplate(factory);
		ValueOperations<String, String> values = template.opsForValue();
		String[] keys = keys(BenchEnvironment::fullKey);
		return new BlockingClient() {
			@Override
			public String get(int index) {
				return values.get(keys[index]);
			}

			@Override
			public void set(int index, String value) {
				values.set(keys[index], value);
			}

			@Override
			public void close() {
				factory.destroy();
				resources.shutdown();
			}
		};
	}

	// --- Jedis
	// -------------------------------------------------------------------------------------------

	private static BlockingClient jedis() {
		RedisURI uri = BenchEnvironment.uri();
		JedisPoolConfig config = new JedisPoolConfig();
		config.setMaxTotal(64);
		config.setMaxIdle(64);
		String password = BenchEnvironment.password(uri);
		JedisPool pool = (password != null)
				? new JedisPool(config, uri.getHost(), uri.getPort(), (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS),
						password)
				: new JedisPool(config, uri.getHost(), uri.getPort(), (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
		String[] keys = keys(BenchEnvironment::fullKey);
		return new BlockingClient() {
			@Override
			public String get(int index) {
				try (Jedis jedis = pool.getResource()) {
					return jedis.get(keys[index]);
				}
			}

			@Override
			public void set(int index, String value) {
				try (Jedis jedis = pool.getResource()) {
					jedis.set(keys[index], value);
				}
			}

			@Override
			public void close() {
				pool.close();
			}
		};
	}

	// --- Redisson
	// ----------------------------------------------------------------------------------------

	static RedissonClient openRedisson() {
		RedisURI uri = BenchEnvironment.uri();
		Config config = new Config();
		config.setCodec(StringCodec.INSTANCE);
		config.useSingleServer()
			.setAddress("redis://" + uri.getHost() + ":" + uri.getPort())
			.setPassword(BenchEnvironment.password(uri))
			.setTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
		return Redisson.create(config);
	}

	@SuppressWarnings("unchecked")
	private static RBucket<String>[] buckets(RedissonClient redisson) {
		String[] keys = keys(BenchEnvironment::fullKey);
		RBucket<String>[] buckets = new RBucket[keys.length];
		for (int i = 0; i < keys.length; i++) {
			buckets[i] = redisson.getBucket(keys[i], StringCodec.INSTANCE);
		}
		return buckets;
	}

	private static BlockingClient redisson() {
		RedissonClient redisson = openRedisson();
		RBucket<String>[] buckets = buckets(redisson);
		return new BlockingClient() {
			@Override
			public String get(int index) {
				return buckets[index].get();
			}

			@Override
			public void set(int index, String value) {
				buckets[index].set(value);
			}

			@Override
			public void close() {
				redisson.shutdown();
			}
		};
	}

	private static AsyncClient redissonAsync() {
		RedissonClient redisson = openRedisson();
		RBucket<String>[] buckets = buckets(redisson);
		return new AsyncClient() {
			@Override
			public CompletionStage<?> get(int index) {
				return buckets[index].getAsync();
			}

			@Override
			public CompletionStage<?> set(int index, String value) {
				return buckets[index].setAsync(value);
			}

			@Override
			public void close() {
				redisson.shutdown();
			}
		};
	}

}
