package com.earnbase.redis.cache;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.earnbase.redis.cache.CacheLoads.Target;
import com.earnbase.redis.support.Failures;
import com.earnbase.redis.support.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link CacheLoads} does with failures: a Redis outage follows the
 * {@link CacheFailurePolicy}, a background failure is logged, a load's failure is
 * rethrown as it was thrown.
 */
final class CacheLoadFailures {

	// Logged as the cache, the class applications know and configure their loggers for.
	private static final Logger logger = LoggerFactory.getLogger(RedisCache.class);

	private final RedisCacheOptions options;

	private final CacheMetrics metrics;

	/** An outage fails every lookup: one WARN a second is enough to see it. */
	private final ThrottledLog unreachableLog = new ThrottledLog(Duration.ofSeconds(1));

	CacheLoadFailures(RedisCacheOptions options, CacheMetrics metrics) {
		this.options = options;
		this.metrics = metrics;
	}

	/**
	 * Handles a failure on the way to a value: a Redis outage is counted, logged, and
	 * (with {@link CacheFailurePolicy#COMPUTE}) swallowed so that the caller computes;
	 * anything else, or an outage with {@link CacheFailurePolicy#FAIL}, is rethrown as it
	 * was.
	 */
	void unreachable(String operation, Target target, Throwable error) {
		Throwable cause = Failures.unwrap(error);
		if (!Failures.isUnavailable(cause)) {
			throw CacheLoadFailures.<RuntimeException>sneaky(cause);
		}
		this.metrics.unreachable();
		boolean compute = this.options.onFailure() == CacheFailurePolicy.COMPUTE;
		long occurrences = this.unreachableLog.occurred();
		if (occurrences > 0) {
			logger.atWarn()
				.addKeyValue("operation", operation)
				.addKeyValue("outcome", compute ? "computed_uncached" : "error")
				.addKeyValue("error", cause.getClass().getName())
				.addKeyValue("suppressed", occurrences - 1)
				.log(compute ? "Redis unreachable; computing values without the cache" : "Redis unreachable");
		}
		logger.atDebug()
			.addKeyValue("operation", operation)
			.addKeyValue("key", target.valueKey())
			.setCause(cause)
			.log("Redis unreachable for a cache lookup");
		if (!compute) {
			throw CacheLoadFailures.<RuntimeException>sneaky(cause);
		}
	}

	/**
	 * Logs a background failure: the error type at WARN, the key and message (which may
	 * name the key) at DEBUG.
	 */
	static void logFailure(String operation, String message, Target target, Throwable error) {
		Throwable cause = Failures.unwrap(error);
		logger.atWarn()
			.addKeyValue("operation", operation)
			.addKeyValue("outcome", "error")
			.addKeyValue("error", cause.getClass().getName())
			.log(message);
		logger.atDebug()
			.addKeyValue("operation", operation)
			.addKeyValue("key", target.valueKey())
			.setCause(cause)
			.log(message);
	}

	/**
	 * Waits for a load and rethrows its failure as it was thrown, the factory's own
	 * exception included.
	 */
	static Object join(CompletableFuture<Object> load) {
		try {
			return load.join();
		}
		catch (CompletionException ex) {
			throw CacheLoadFailures.<RuntimeException>sneaky(Failures.unwrap(ex));
		}
	}

	@SuppressWarnings("unchecked")
	private static <E extends Throwable> E sneaky(Throwable error) throws E {
		throw (E) error;
	}

}
