package com.earnbase.redis;

/**
 * The command was not sent because its connection already holds as many commands without
 * a reply as {@code earnbase.redis.max-queued-commands} allows
 * ({@link #maxQueuedCommands()}): Redis is slow or unreachable and the client refuses
 * more work at once instead of letting the queue, and the heap, grow. Nothing was sent,
 * so the command did not run; it may be retried once Redis answers again.
 */
public class RedisQueueFullException extends EarnbaseRedisException {

	private final int maxQueuedCommands;

	/**
	 * Creates the exception.
	 * @param operation the operation that was refused
	 * @param maxQueuedCommands the bound that was reached
	 * @param cause the driver's error, may be {@code null}
	 */
	public RedisQueueFullException(String operation, int maxQueuedCommands, Throwable cause) {
		super(operation, "not sent: " + maxQueuedCommands + " commands are already waiting for Redis on this "
				+ "connection (the bound earnbase.redis.max-queued-commands, RedisClientBuilder.maxQueuedCommands)",
				cause);
		this.maxQueuedCommands = maxQueuedCommands;
	}

	/**
	 * Without a stack trace: an overloaded client refuses every call at once and creates
	 * one of these for each, mostly on the I/O thread, whose frames would tell the caller
	 * nothing; the operation in the message says what was refused.
	 * @return this exception
	 */
	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

	/**
	 * The bound on queued commands that was reached.
	 * @return the bound
	 */
	public int maxQueuedCommands() {
		return this.maxQueuedCommands;
	}

}
