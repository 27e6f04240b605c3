package com.earnbase.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.earnbase.redis.support.DaemonThreads;
import com.earnbase.redis.support.Failures;
import com.earnbase.redis.support.KeyTracking;
import com.earnbase.redis.support.ThrottledLog;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KeyTracking} on Lettuce: one RESP3 connection per tracked node (the server, or
 * each cluster master) with {@code CLIENT TRACKING ON BCAST PREFIX <prefix>}, whose
 * {@code invalidate} push messages go to the listener. Broadcast mode, because it needs
 * no pairing with the connection that reads (the shared, multiplexed one) and no memory
 * per key on the server, and because a node answers for the prefix whoever wrote. One
 * daemon thread sets the connections up, checks each with a PING every
 * {@link #CHECK_INTERVAL} (a peer that vanished silently sends no invalidations and no
 * error either), and sets tracking up again after a loss; Lettuce's own reconnect is off,
 * because a reconnected connection would not be tracking.
 */
final class LettuceKeyTracking implements KeyTracking {

	/** How often each tracking connection is checked, and a lost one set up again. */
	static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

	/** Under the facade's name, which applications configure. */
	private static final Logger logger = LoggerFactory.getLogger(LettuceRedisClient.class);

	/** The one node key of a standalone or Sentinel set-up, whose master may move. */
	private static final String SERVER = "server";

	private final LettuceConnector connector;

	private final io.lettuce.core.RedisClient lettuce;

	private final String prefix;

	private final Listener listener;

	private final ClientSettings settings;

	private final Consumer<LettuceKeyTracking> onClose;

	private final ScheduledExecutorService thread;

	/** The generation times two, plus one while every node is tracked. */
	private final AtomicLong state = new AtomicLong();

	/** The tracking connections by node; changed only on the tracking thread. */
	private final Map<String, StatefulRedisConnection<String, String>> sessions = new ConcurrentHashMap<>();

	private final ThrottledLog failedSetUps = new ThrottledLog(Duration.ofMinutes(1));

	private volatile boolean closed;

	/**
	 * Sets tracking up on every node, waiting for it; on failure releases what it opened.
	 * @param connector the client's connector
	 * @param prefix the key prefix tracked
	 * @param listener receives the invalidations
	 * @param settings the client's settings
	 * @param onClose called once with this tracking when it is closed
	 * @throws EarnbaseRedisException when a node cannot be reached or refuses tracking
	 */
	LettuceKeyTracking(LettuceConnector connector, String prefix, Listener listener, ClientSettings settings,
			Consumer<LettuceKeyTracking> onClose) {
		this.connector = connector;
		this.prefix = prefix;
		this.listener = listener;
		this.settings = settings;
		this.onClose = onClose;
		this.lettuce = connector.trackingClient();
		this.lettuce.addListener(new RedisConnectionStateListener() {
			@Override
			public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
				lost(connection);
			}
		});
		this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("earnbase-key-tracking"));
		try {
			Future<?> first = this.thread.submit(this::setUpAll);
			first.get(waitNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			close();
			throw (ex.getCause() instanceof EarnbaseRedisException redis) ? redis
					: new RedisConnectionLostException("cache.near", "cannot set up key tracking", ex.getCause());
		}
		catch (TimeoutException ex) {
			close();
			throw new RedisOperationTimeoutException("cache.near", Duration.ofNanos(waitNanos()), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			close();
			throw new RedisConnectionLostException("cache.near", "interrupted while setting up key tracking", ex);
		}
		this.thread.scheduleWithFixedDelay(this::check, CHECK_INTERVAL.toMillis(), CHECK_INTERVAL.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/** Each node may need a connect and a command. */
	private long waitNanos() {
		int nodes = Math.max(1, this.connector.trackedNodes().size());
		return nodes * (this.settings.connectTimeout.toNanos() + 2 * this.settings.timeout.toNanos());
	}

	@Override
	public long activeEpoch() {
		long state = this.state.get();
		return ((state & 1) != 0) ? (state >> 1) : -1;
	}

	/** The first set-up: every node must accept tracking, or the caller fails. */
	private void setUpAll() {
		Map<String, RedisURI> wanted = wantedNodes();
		if (wanted.isEmpty()) {
			throw new RedisConnectionLostException("cache.near",
					"cannot set up key tracking: the cluster topology names no master", null);
		}
		for (Map.Entry<String, RedisURI> node : wanted.entrySet()) {
			this.sessions.put(node.getKey(), open(node.getValue()));
		}
		// Stays inactive when a connection was lost meanwhile; the check takes over.
		this.state.compareAndSet(0, 1);
	}

	/**
	 * The periodic check on the tracking thread: drops connections that are down, do not
	 * answer or whose node left the topology, ends the generation when it dropped one or
	 * a node is new, then sets up what is missing and starts a generation when every node
	 * is tracked.
	 */
	private void check() {
		if (this.closed) {
			return;
		}
		try {
			Map<String, RedisURI> wanted = wantedNodes();
			boolean changed = false;
			for (Map.Entry<String, StatefulRedisConnection<String, String>> session : new ArrayList<>(
					this.sessions.entrySet())) {
				if (!wanted.containsKey(session.getKey()) || !answers(session.getValue())) {
					this.sessions.remove(session.getKey());
					session.getValue().closeAsync();
					changed = true;
				}
			}
			if (changed || !this.sessions.keySet().containsAll(wanted.keySet())) {
				endGeneration(false, "a tracking connection was lost or the nodes changed");
			}
			if (wanted.isEmpty()) {
				// No master known right now (a topology refresh in progress): nothing can
				// be tracked, so nothing may be served.
				return;
			}
			long inactive = this.state.get();
			if ((inactive & 1) != 0) {
				return;
			}
			for (Map.Entry<String, RedisURI> node : wanted.entrySet()) {
				if (!this.sessions.containsKey(node.getKey())) {
					this.sessions.put(node.getKey(), open(node.getValue()));
				}
			}
			if (this.state.compareAndSet(inactive, inactive | 1)) {
				logger.atInfo()
					.addKeyValue("operation", "cache.near")
					.addKeyValue("server", this.settings.redactedUrl)
					.addKeyValue("prefix", this.prefix)
					.log("Key tracking active again; the near cache serves local copies");
			}
		}
		catch (RuntimeException ex) {
			long count = this.failedSetUps.occurred();
			if (count > 0) {
				logger.atWarn()
					.addKeyValue("operation", "cache.near")
					.addKeyValue("server", this.settings.redactedUrl)
					.addKeyValue("prefix", this.prefix)
					.addKeyValue("occurrences", count)
					.log("Cannot set up key tracking; the near cache reads Redis until it can: {}",
							Failures.rootMessage(ex));
			}
		}
	}

	private Map<String, RedisURI> wantedNodes() {
		List<RedisURI> nodes = this.connector.trackedNodes();
		Map<String, RedisURI> wanted = new LinkedHashMap<>();
		if (!this.connector.isCluster()) {
			wanted.put(SERVER, nodes.get(0));
			return wanted;
		}
		for (RedisURI node : nodes) {
			wanted.put(node.getHost() + ":" + node.getPort(), node);
		}
		return wanted;
	}

	private boolean answers(StatefulRedisConnection<String, String> connection) {
		if (!connection.isOpen()) {
			return false;
		}
		try {
			connection.async().ping().get(this.settings.timeout.toNanos(), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			return false;
		}
	}

	/** Connects to a node and switches tracking on; closes the connection on failure. */
	private StatefulRedisConnection<String, String> open(RedisURI node) {
		StatefulRedisConnection<String, String> connection;
		try {
			connection = this.lettuce.connect(StringCodec.UTF8, node);
		}
		catch (RuntimeException ex) {
			throw new RedisConnectionLostException("cache.near", "cannot open a key-tracking connection to "
					+ this.settings.redactedUrl + ": " + Failures.rootMessage(ex), ex);
		}
		connection.addListener(this::received);
		try {
			connection.sync().clientTracking(TrackingArgs.Builder.enabled().bcast().prefixes(this.prefix));
		}
		catch (RuntimeException ex) {
			connection.closeAsync();
			throw new RedisCommandFailedException("cache.near",
					"Redis refused CLIENT TRACKING ON BCAST (the near cache needs Redis 6 or later, RESP3, and the "
							+ "CLIENT command allowed for the user): " + Failures.rootMessage(ex),
					ex);
		}
		return connection;
	}

	/** A push message of a tracking connection, on its I/O thread. */
	private void received(PushMessage message) {
		if (!"invalidate".equals(message.getType())) {
			return;
		}
		List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
		Object keys = (content.size() > 1) ? content.get(1) : null;
		if (keys instanceof List<?> list) {
			for (Object key : list) {
				this.listener.invalidated(String.valueOf(key));
			}
		}
		else {
			// FLUSHALL or FLUSHDB: every key is gone, tracking goes on.
			endGeneration(true, "the database was flushed");
		}
	}

	/**
	 * A connection went down, on its I/O thread: copies may miss invalidations from now
	 * on, so the generation ends at once; the check sets tracking up again.
	 */
	private void lost(RedisChannelHandler<?, ?> connection) {
		if (this.closed || !this.sessions.containsValue(connection)) {
			return;
		}
		endGeneration(false, "a tracking connection was lost");
		try {
			this.thread.execute(this::check);
		}
		catch (RejectedExecutionException ex) {
			// Closed meanwhile: nothing to set up again.
		}
	}

	/**
	 * Starts a new generation, still active or not, and drops every copy. The state
	 * changes first: a copy read in the ended generation is then refused whenever it
	 * arrives.
	 */
	private void endGeneration(boolean stayActive, String why) {
		long before = this.state.getAndUpdate((state) -> (((state >> 1) + 1) << 1) | (stayActive ? state & 1 : 0));
		this.listener.reset();
		if ((before & 1) != 0 && !stayActive) {
			logger.atInfo()
				.addKeyValue("operation", "cache.near")
				.addKeyValue("server", this.settings.redactedUrl)
				.addKeyValue("prefix", this.prefix)
				.log("Key tracking interrupted ({}); local copies dropped, reads go to Redis until it is back", why);
		}
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.state.set(this.state.get() & ~1L);
		this.thread.shutdownNow();
		for (StatefulRedisConnection<String, String> connection : this.sessions.values()) {
			connection.closeAsync();
		}
		this.sessions.clear();
		this.lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.onClose.accept(this);
	}

	@Override
	public String toString() {
		return "LettuceKeyTracking[prefix='" + this.prefix + "', epoch=" + activeEpoch() + "]";
	}

}
