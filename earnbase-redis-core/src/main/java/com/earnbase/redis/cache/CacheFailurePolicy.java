package com.earnbase.redis.cache;

/**
 * What {@link Cache#getOrSet} does when Redis cannot be reached (connection lost or
 * command timed out).
 */
public enum CacheFailurePolicy {

	/**
	 * Call the factory and return its value uncached, so the request does not fail
	 * because the cache is down.
	 */
	COMPUTE,

	/** Throw the library's exception, as any other Redis call would. */
	FAIL

}
