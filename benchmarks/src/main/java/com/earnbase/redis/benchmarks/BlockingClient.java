package com.earnbase.redis.benchmarks;

/**
 * One client under test, used blockingly: every call returns after Redis answered. Keys
 * are given by index.
 */
interface BlockingClient extends AutoCloseable {

	/** GET of key {@code index}. */
	String get(int index);

	/** SET of key {@code index}. */
	void set(int index, String value);

	@Override
	void close();

}
