package com.earnbase.redis;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.support.Arguments;
import com.earnbase.redis.support.DaemonThreads;
import com.earnbase.redis.support.PrimitiveSupport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of the server's own state, polled from INFO at a fixed interval so that users
 * can watch Redis memory next to the client's meters:
 * {@code earnbase.redis.server.used.memory}, {@code .connected.clients},
 * {@code .keyspace.hits}, {@code .keyspace.misses}, {@code .evicted.keys}. A failed poll
 * keeps the last values and is logged at DEBUG.
 */
public final class RedisServerGauges implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisServerGauges.class);

	private static final Map<String, String> FIELDS = Map.of("used_memory", "earnbase.redis.server.used.memory",
			"connected_clients", "earnbase.redis.server.connected.clients", "keyspace_hits",
			"earnbase.redis.server.keyspace.hits", "keyspace_misses", "earnbase.redis.server.keyspace.misses",
			"evicted_keys", "earnbase.redis.server.evicted.keys");

	private final PrimitiveSupport client;

	private final Map<String, Double> values = new ConcurrentHashMap<>();

	private final ScheduledExecutorService scheduler;

	/**
	 * Registers the gauges and starts polling.
	 * @param client the client whose server is polled: one the library built
	 * @param registry where the gauges go
	 * @param interval time between polls, positive
	 */
	public RedisServerGauges(RedisClient client, MeterRegistry registry, Duration interval) {
		this.client = PrimitiveSupport.of(client);
		Arguments.requireNonNull("registry", registry);
		long millis = Arguments.requirePositive("interval", interval).toMillis();
		FIELDS.forEach((field, name) -> {
			this.values.put(field, Double.NaN);
			Gauge.builder(name, this.values, (v) -> v.getOrDefault(field, Double.NaN))
				.description("Redis INFO field " + field + ", polled")
				.register(registry);
		});
		this.scheduler = Executors
			.newSingleThreadScheduledExecutor(DaemonThreads.named("earnbase-redis-server-gauges"));
		this.scheduler.scheduleWithFixedDelay(this::poll, 0, millis, TimeUnit.MILLISECONDS);
	}

	/** Reads INFO once and updates the gauges. */
	public void poll() {
		try {
			Map<String, String> info = RedisServerStatus
				.parseInfo(this.client.await("info", this.client.call("info", (commands) -> commands.info())));
			FIELDS.keySet().forEach((field) -> {
				String value = info.get(field);
				if (value != null) {
					this.values.put(field, Double.parseDouble(value));
				}
			});
		}
		catch (RuntimeException ex) {
			logger.atDebug().addKeyValue("operation", "info").log("Polling INFO failed: {}", ex.getMessage());
		}
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
