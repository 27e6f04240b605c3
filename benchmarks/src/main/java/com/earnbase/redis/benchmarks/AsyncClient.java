package com.earnbase.redis.benchmarks;

import java.util.concurrent.CompletionStage;

/**
 * One client under test, used without blocking: many commands may be in flight. Keys are
 * given by index.
 */
interface AsyncClient extends AutoCloseable {

	/** GET of key {@code index}. */
	CompletionStage<?> get(int index);

	/** SET of key {@code index}. */
	CompletionStage<?> set(int index, String value);

	@Override
	void close();

}
