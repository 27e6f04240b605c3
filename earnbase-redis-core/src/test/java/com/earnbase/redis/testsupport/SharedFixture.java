package com.earnbase.redis.testsupport;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A fixture the whole test JVM shares, started by the first test that asks for it (a
 * lock, not a monitor, so that a virtual thread waiting for the start does not pin its
 * carrier).
 *
 * @param <T> the fixture type
 */
final class SharedFixture<T> {

	private final Supplier<T> starter;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile T instance;

	SharedFixture(Supplier<T> starter) {
		this.starter = starter;
	}

	/** The fixture, started on first use. */
	T get() {
		T current = this.instance;
		if (current != null) {
			return current;
		}
		this.lock.lock();
		try {
			if (this.instance == null) {
				this.instance = this.starter.get();
			}
			return this.instance;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether the given fixture is the shared one, which tests must not stop. */
	boolean is(Object candidate) {
		return candidate != null && candidate == this.instance;
	}

}
