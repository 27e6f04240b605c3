package com.earnbase.redis.ratelimit;

import java.time.Duration;
import java.util.List;

import com.earnbase.redis.EarnbaseRedisException;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.support.Arguments;
import com.earnbase.redis.support.PrimitiveSupport;
import com.earnbase.redis.support.RedisScript;
import com.earnbase.redis.support.ThrottledLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RateLimiter} on Redis: each check is one Lua script run by EVALSHA, atomic
 * on the server and timed by the server's clock, so instances with skewed clocks share
 * one exact limit.
 * <p>
 * Keys are {@code <prefix><namespace>:{<key>}:<suffix>}; the hash tag keeps the keys of
 * one limited key in one cluster slot. When Redis fails or does not answer within the
 * command timeout the check follows the {@link RateLimitFailurePolicy}, logs at WARN (at
 * most once a second) and counts {@code result=error}.
 */
public final class RedisRateLimiter implements RateLimiter {

	/** The counter of decisions, tagged {@code result} and {@code algorithm}. */
	public static final String DECISIONS_COUNTER = "earnbase.redis.ratelimit.decisions";

	/** The namespace used when none is given. */
	public static final String DEFAULT_NAMESPACE = RateLimiterOptions.DEFAULT_NAMESPACE;

	/**
	 * The {@link RateLimitDecision#retryAfter()} of a call denied because Redis failed.
	 */
	public static final Duration FAILURE_RETRY_AFTER = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(RedisRateLimiter.class);

	private static final String[] RESULTS = { "allowed", "denied", "error" };

	/** The permits argument of calls of 1 to 16 permits, written once. */
	private static final String[] SMALL_PERMITS = new String[16];

	static {
		for (int i = 0; i < SMALL_PERMITS.length; i++) {
			SMALL_PERMITS[i] = Integer.toString(i + 1);
		}
	}

	private final PrimitiveSupport client;

	private final String namespace;

	/**
	 * The namespace, a colon and the opening brace of the hash tag: how every key name
	 * starts (before the client's prefix).
	 */
	private final String keyStart;

	/**
	 * The limit and window of the last check as script arguments: most applications check
	 * few policies, so these strings are usually written once.
	 */
	private volatile PolicyArguments lastArguments = new PolicyArguments(0, 0, "0", "0");

	private final RateLimitAlgorithm defaultAlgorithm;

	private final RateLimitFailurePolicy onFailure;

	private final RedisScript[] scripts = new RedisScript[RateLimitAlgorithm.values().length];

	private final Counter[][] counters;

	private final ThrottledLog failureLog = new ThrottledLog(Duration.ofSeconds(1));

	/**
	 * Creates a limiter with the {@code ratelimit} namespace, the sliding window and
	 * fail-closed behaviour.
	 * @param client a client from {@link RedisClient#connect(String)} or
	 * {@link RedisClient#builder()}
	 * @throws IllegalArgumentException when the client was not built by this library
	 */
	public RedisRateLimiter(RedisClient client) {
		this(client, RateLimiterOptions.defaults());
	}

	/**
	 * Creates a limiter.
	 * @param client a client from {@link RedisClient#connect(String)} or
	 * {@link RedisClient#builder()}
	 * @param namespace the key namespace under the client's prefix
	 * @param defaultAlgorithm the algorithm of calls that name none
	 * @param onFailure what to answer when Redis fails
	 * @throws IllegalArgumentException when the client was not built by this library
	 */
	public RedisRateLimiter(RedisClient client, String namespace, RateLimitAlgorithm defaultAlgorithm,
			RateLimitFailurePolicy onFailure) {
		this(client, new RateLimiterOptions(namespace, defaultAlgorithm, onFailure));
	}

	/**
	 * Creates a limiter.
	 * @param client a client from {@link RedisClient#connect(String)} or
	 * {@link RedisClient#builder()}
	 * @param options the settings
	 * @throws IllegalArgumentException when the client was not built by this library
	 */
	public RedisRateLimiter(RedisClient client, RateLimiterOptions options) {
		this.client = PrimitiveSupport.of(client);
		Arguments.requireNonNull("options", options);
		this.namespace = options.namespace();
		this.keyStart = this.namespace + ":{";
		this.defaultAlgorithm = options.defaultAlgorithm();
		this.onFailure = options.onFailure();
		for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
			this.scripts[algorithm.ordinal()] = RedisScript.load(RedisRateLimiter.class,
					algorithm.propertyName() + ".lua", "ratelimit." + algorithm.propertyName());
		}
		this.counters = registerCounters(this.client.meterRegistry());
	}

	private static Counter[][] registerCounters(MeterRegistry registry) {
		RateLimitAlgorithm[] algorithms = RateLimitAlgorithm.values();
		Counter[][] counters = new Counter[algorithms.length][RESULTS.length];
		for (RateLimitAlgorithm algorithm : algorithms) {
			for (int i = 0; i < RESULTS.length; i++) {
				counters[algorithm.ordinal()][i] = Counter.builder(DECISIONS_COUNTER)
					.description("Rate limiter decisions")
					.tag("result", RESULTS[i])
					.tag("algorithm", algorithm.propertyName())
					.register(registry);
			}
		}
		return counters;
	}

	/**
	 * The algorithm of calls that name none.
	 * @return the default algorithm
	 */
	public RateLimitAlgorithm defaultAlgorithm() {
		return this.defaultAlgorithm;
	}

	/**
	 * What checks answer when Redis fails.
	 * @return the failure policy
	 */
	public RateLimitFailurePolicy onFailure() {
		return this.onFailure;
	}

	@Override
	public boolean isAllowed(String key, int limit, Duration window) {
		return tryAcquire(key, 1, limit, window).allowed();
	}

	@Override
	public RateLimitDecision tryAcquire(String key, int limit, Duration window) {
		return tryAcquire(key, 1, limit, window);
	}

	@Override
	public RateLimitDecision tryAcquire(String key, int permits, int limit, Duration window) {
		Arguments.requireText("key", key);
		Arguments.requirePositive("permits", permits);
		return tryAcquire(key, permits, RateLimitPolicy.of(limit, window));
	}

	@Override
	public RateLimitDecision tryAcquire(String key, int permits, RateLimitPolicy policy) {
		Arguments.requireText("key", key);
		Arguments.requirePositive("permits", permits);
		Arguments.requireNonNull("policy", policy);
		if (permits > policy.limit()) {
			throw new IllegalArgumentException(
					"permits must not exceed the limit " + policy.limit() + " but was " + permits);
		}
		RateLimitAlgorithm algorithm = (policy.algorithm() != null) ? policy.algorithm() : this.defaultAlgorithm;
		String[] keys = keys(algorithm, key);
		String[] args = arguments(permits, policy);
		RedisScript script = this.scripts[algorithm.ordinal()];
		List<Object> reply;
		try {
			// At most once: a replay after a dropped connection would count the step
			// twice.
			reply = this.client.await(script.name(), this.client.evalAtMostOnce(script, keys, args));
		}
		catch (EarnbaseRedisException ex) {
			return failed(algorithm, key, policy, ex);
		}
		RateLimitDecision decision = new RateLimitDecision((Long) reply.get(0) == 1L, policy.limit(),
				((Long) reply.get(1)).intValue(), Duration.ofMillis((Long) reply.get(2)),
				Duration.ofMillis((Long) reply.get(3)));
		count(algorithm, decision.allowed() ? 0 : 1);
		if (logger.isDebugEnabled()) {
			logger.atDebug()
				.addKeyValue("operation", "ratelimit.check")
				.addKeyValue("outcome", decision.allowed() ? "allowed" : "denied")
				.addKeyValue("algorithm", algorithm.propertyName())
				.addKeyValue("key", key)
				.addKeyValue("remaining", decision.remaining())
				.log("Rate limit checked");
		}
		return decision;
	}

	/**
	 * The Redis keys one check of a key touches, all in one hash slot.
	 * @param algorithm the algorithm
	 * @param key the caller's key
	 * @return the full keys
	 */
	String[] keys(RateLimitAlgorithm algorithm, String key) {
		return switch (algorithm) {
			case FIXED_WINDOW -> new String[] { this.client.key(this.keyStart + key + "}:fw") };
			case SLIDING_WINDOW -> {
				String log = this.client.key(this.keyStart + key + "}:sw");
				yield new String[] { log, log + ":meta" };
			}
			case SLIDING_WINDOW_COUNTER -> new String[] { this.client.key(this.keyStart + key + "}:swc") };
			case TOKEN_BUCKET -> new String[] { this.client.key(this.keyStart + key + "}:tb") };
		};
	}

	/**
	 * The script arguments: permits, limit and window in ms. No time is sent; the script
	 * reads the server's clock.
	 * @param permits the permits
	 * @param policy the policy
	 * @return the arguments
	 */
	static String[] scriptArguments(int permits, RateLimitPolicy policy) {
		return new String[] { Integer.toString(permits), Integer.toString(policy.limit()),
				Long.toString(policy.window().toMillis()) };
	}

	/**
	 * {@link #scriptArguments}, reusing the strings of the last policy's limit and window
	 * and of small permit counts.
	 */
	private String[] arguments(int permits, RateLimitPolicy policy) {
		long windowMillis = policy.window().toMillis();
		PolicyArguments last = this.lastArguments;
		if (last.limit() != policy.limit() || last.windowMillis() != windowMillis) {
			last = new PolicyArguments(policy.limit(), windowMillis, Integer.toString(policy.limit()),
					Long.toString(windowMillis));
			this.lastArguments = last;
		}
		String permitsArgument = (permits <= SMALL_PERMITS.length) ? SMALL_PERMITS[permits - 1]
				: Integer.toString(permits);
		return new String[] { permitsArgument, last.limitArgument(), last.windowArgument() };
	}

	private RateLimitDecision failed(RateLimitAlgorithm algorithm, String key, RateLimitPolicy policy,
			EarnbaseRedisException error) {
		count(algorithm, 2);
		boolean allow = this.onFailure == RateLimitFailurePolicy.ALLOW;
		// one WARN a second is enough to see an outage; the rest go to DEBUG, where the
		// key may be shown
		long failures = this.failureLog.occurred();
		if (failures > 0) {
			logger.atWarn()
				.addKeyValue("operation", "ratelimit.check")
				.addKeyValue("outcome", "error")
				.addKeyValue("suppressed", failures - 1)
				.addKeyValue("algorithm", algorithm.propertyName())
				.addKeyValue("onFailure", this.onFailure.name().toLowerCase(java.util.Locale.ROOT))
				.log("Rate limit check failed, {} the call: {}", allow ? "allowing" : "denying", error.getMessage());
		}
		else {
			logger.atDebug()
				.addKeyValue("operation", "ratelimit.check")
				.addKeyValue("outcome", "error")
				.addKeyValue("key", key)
				.log("Rate limit check failed: {}", error.getMessage());
		}
		return allow ? new RateLimitDecision(true, policy.limit(), 0, Duration.ZERO, Duration.ZERO)
				: new RateLimitDecision(false, policy.limit(), 0, FAILURE_RETRY_AFTER, FAILURE_RETRY_AFTER);
	}

	private void count(RateLimitAlgorithm algorithm, int result) {
		this.counters[algorithm.ordinal()][result].increment();
	}

	/** A limit and a window with their script arguments, immutable. */
	private record PolicyArguments(int limit, long windowMillis, String limitArgument, String windowArgument) {

	}

}
