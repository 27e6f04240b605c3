package com.earnbase.redis.lock;

import java.io.IOException;

import com.earnbase.redis.testsupport.RedisServerProcess;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Freezes a redis-server this test started (SIGSTOP) until closed (SIGCONT): a replica
 * that stops acknowledging, as a hung VM would. The process id comes from the server's
 * own {@code INFO server}.
 */
final class StoppedProcess implements AutoCloseable {

	private final long pid;

	private StoppedProcess(long pid) {
		this.pid = pid;
		signal("-STOP");
	}

	static StoppedProcess stop(RedisServerProcess server) {
		String info = server.call(RedisCommands::info);
		long pid = info.lines()
			.filter((line) -> line.startsWith("process_id:"))
			.map((line) -> Long.parseLong(line.substring("process_id:".length()).trim()))
			.findFirst()
			.orElseThrow();
		return new StoppedProcess(pid);
	}

	@Override
	public void close() {
		signal("-CONT");
	}

	private void signal(String signal) {
		try {
			int exit = new ProcessBuilder("kill", signal, Long.toString(this.pid)).inheritIO().start().waitFor();
			if (exit != 0) {
				throw new IllegalStateException("kill " + signal + " " + this.pid + " exited with " + exit);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
