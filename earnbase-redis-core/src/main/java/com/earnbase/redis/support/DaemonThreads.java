package com.earnbase.redis.support;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for the library's own pools: named, so that a thread dump shows whose
 * they are, and daemons, so that a client or primitive never closed does not keep the JVM
 * alive. Internal: for the library's primitives, not an application API.
 */
public final class DaemonThreads {

	private DaemonThreads() {
	}

	/**
	 * A factory whose threads all have one name, for single-thread pools.
	 * @param name the threads' name
	 * @return the factory
	 */
	public static ThreadFactory named(String name) {
		Arguments.requireText("name", name);
		return (task) -> daemon(task, name);
	}

	/**
	 * A factory that numbers its threads: {@code prefix1}, {@code prefix2}, ...
	 * @param prefix the start of every name
	 * @return the factory
	 */
	public static ThreadFactory numbered(String prefix) {
		Arguments.requireText("prefix", prefix);
		AtomicInteger threads = new AtomicInteger();
		return (task) -> daemon(task, prefix + threads.incrementAndGet());
	}

	private static Thread daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

}
