package com.earnbase.redis.support;

/**
 * Server-assisted invalidation of the keys under one prefix (Redis
 * {@code CLIENT TRACKING} in broadcast mode, on every node that holds such keys): Redis
 * reports each change of a key, whoever made it. Its state is one number,
 * {@link #activeEpoch()}: a generation that grows each time an invalidation may have been
 * missed (a connection lost, a node added), and -1 while some node is not tracked. A
 * caller that keeps copies of values keeps a copy only when the generation it saw before
 * reading is still the active one after the reply; every copy is dropped by
 * {@link Listener#reset()} when the generation ends.
 */
public interface KeyTracking extends AutoCloseable {

	/**
	 * The current generation while every node is tracked, or -1 while one is not (copies
	 * must then be neither served nor kept).
	 * @return the generation, or -1
	 */
	long activeEpoch();

	/**
	 * Whether every node is tracked now.
	 * @return true while invalidations arrive from every node
	 */
	default boolean isActive() {
		return activeEpoch() >= 0;
	}

	/** Stops tracking and closes the tracking connections. Idempotent. */
	@Override
	void close();

	/**
	 * Receives the invalidations; called on I/O or tracking threads, so it must not
	 * block.
	 */
	interface Listener {

		/**
		 * A key under the prefix changed, expired or was evicted.
		 * @param key the Redis key
		 */
		void invalidated(String key);

		/**
		 * Any key may have changed unseen (a tracking connection was lost, the nodes
		 * changed, the database was flushed): drop every copy. Called after the
		 * generation ended.
		 */
		void reset();

	}

}
