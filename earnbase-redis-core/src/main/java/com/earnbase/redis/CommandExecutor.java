package com.earnbase.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;

import com.earnbase.redis.CommandMetrics.Timers;
import com.earnbase.redis.support.Failures;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place every command of the client passes through, sync or async, from the API
 * or a primitive: it times the command under {@code earnbase.redis.command}, waits for it
 * with a margin over the command timeout, translates its failure into the library's
 * exceptions and, for idempotent reads, retries with backoff when so configured.
 */
final class CommandExecutor {

	private static final Logger logger = LoggerFactory.getLogger(LettuceRedisClient.class);

	/**
	 * Extra time a blocking call waits beyond the command timeout, so that Lettuce's own
	 * timeout fires first.
	 */
	private static final long AWAIT_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	private final CommandMetrics metrics;

	/** Whether commands are timed; when not, no clock is read. */
	private final boolean timed;

	private final Duration timeout;

	private final long awaitNanos;

	/**
	 * How long work that may first open a connection is waited for: the connect timeout,
	 * then the command timeout.
	 */
	private final Duration connectingTimeout;

	private final int readAttempts;

	private final int maxQueuedCommands;

	private final Duration readBackoff;

	private final RedisClusterAsyncCommands<String, String> commands;

	/**
	 * The timers of each {@link Operation}, by ordinal: resolved once rather than looked
	 * up per command.
	 */
	private final Timers[] operations;

	CommandExecutor(ClientSettings settings, RedisClusterAsyncCommands<String, String> commands) {
		this.metrics = new CommandMetrics(settings.meterRegistry);
		this.timed = this.metrics.enabled();
		this.timeout = settings.timeout;
		this.awaitNanos = settings.timeout.toNanos() + AWAIT_MARGIN_NANOS;
		this.connectingTimeout = settings.connectTimeout.plus(settings.timeout);
		this.readAttempts = settings.readAttempts;
		this.maxQueuedCommands = settings.maxQueuedCommands;
		this.readBackoff = settings.readBackoff;
		this.commands = commands;
		this.operations = new Timers[Operation.values().length];
		for (Operation operation : Operation.values()) {
			this.operations[operation.ordinal()] = this.metrics.timers(operation.command);
		}
	}

	/**
	 * How long a blocking call waits at most: the command timeout and a margin.
	 * @return the wait in nanoseconds
	 */
	long awaitNanos() {
		return this.awaitNanos;
	}

	/** Sends a command and waits for it. */
	<A, B, T> T sync(ApiCommand<A, B, T> command, A first, B second) {
		long start = start();
		Operation operation = command.operation();
		return await(operation.command, this.operations[operation.ordinal()], start,
				command.command().send(this.commands, first, second), this.awaitNanos, this.timeout);
	}

	/** Sends a command; the result completes with its reply or its translated failure. */
	<A, B, T> CompletableFuture<T> async(ApiCommand<A, B, T> command, A first, B second) {
		Operation operation = command.operation();
		return send(operation.command, this.operations[operation.ordinal()], first, second, command.command());
	}

	/**
	 * Sends commands named by the caller (a primitive's operation), see {@link #async}.
	 */
	<T> CompletableFuture<T> call(String operation,
			Function<RedisClusterAsyncCommands<String, String>, ? extends CompletionStage<T>> command) {
		return send(operation, timers(operation), command, null, CommandExecutor::apply);
	}

	private static <T> CompletionStage<T> apply(RedisClusterAsyncCommands<String, String> commands,
			Function<RedisClusterAsyncCommands<String, String>, ? extends CompletionStage<T>> command, Object none) {
		return command.apply(commands);
	}

	private <A, B, T> CompletableFuture<T> send(String operation, Timers timers, A first, B second,
			Command<A, B, T> command) {
		Reply<T> reply = new Reply<>(operation, timers, start());
		command.send(this.commands, first, second).whenComplete(reply);
		return reply;
	}

	/**
	 * A result timed from now under the operation, for work that composes several
	 * commands (a script's EVALSHA, then EVAL); pass it to the last command's
	 * {@code whenComplete}.
	 * @param operation the operation, named in the timer's tag and in errors
	 * @return the result to complete
	 */
	<T> Reply<T> reply(String operation) {
		return new Reply<>(operation, timers(operation), start());
	}

	/**
	 * Waits for an idempotent read, retrying it on connection errors and timeouts when so
	 * configured.
	 */
	<A, B, T> T read(ApiCommand<A, B, T> command, A first, B second) {
		for (int attempt = 1;; attempt++) {
			try {
				return sync(command, first, second);
			}
			catch (RedisConnectionLostException | RedisOperationTimeoutException ex) {
				if (attempt >= this.readAttempts) {
					throw ex;
				}
				logRetry(command.operation().command, attempt, ex);
				sleep(command.operation().command, backoff(attempt));
			}
		}
	}

	/** The non-blocking form of {@link #read}. */
	<A, B, T> CompletableFuture<T> readAsync(ApiCommand<A, B, T> command, A first, B second) {
		return readAsync(command, first, second, 1);
	}

	private <A, B, T> CompletableFuture<T> readAsync(ApiCommand<A, B, T> command, A first, B second, int attempt) {
		CompletableFuture<T> result = async(command, first, second);
		if (attempt >= this.readAttempts) {
			return result;
		}
		return result.handle((value, error) -> {
			if (error == null) {
				return CompletableFuture.completedFuture(value);
			}
			Throwable cause = Failures.unwrap(error);
			// A full queue is not retried: more commands are what it cannot take.
			if (!Failures.isUnavailable(cause) || cause instanceof RedisQueueFullException) {
				return CompletableFuture.<T>failedFuture(cause);
			}
			logRetry(command.operation().command, attempt, cause);
			Duration wait = backoff(attempt);
			return CompletableFuture.runAsync(() -> {
			}, CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS))
				.thenCompose((ignored) -> readAsync(command, first, second, attempt + 1));
		}).thenCompose((next) -> next);
	}

	private Duration backoff(int attempt) {
		return this.readBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
	}

	private static void logRetry(String operation, int attempt, Throwable error) {
		logger.atDebug()
			.addKeyValue("operation", operation)
			.addKeyValue("attempt", attempt)
			.addKeyValue("outcome", "retry")
			.log("Retrying a read after: {}", error.getMessage());
	}

	private static void sleep(String operation, Duration wait) {
		if (wait.isZero()) {
			return;
		}
		try {
			Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EarnbaseRedisException(operation, "interrupted while waiting to retry", ex);
		}
	}

	/**
	 * Waits for a future without timing it, see
	 * {@link LettuceRedisClient#await(String, CompletionStage)}.
	 */
	<T> T await(String operation, CompletionStage<T> stage) {
		return await(operation, null, 0L, stage, this.awaitNanos, this.timeout);
	}

	/**
	 * Waits for work that may first have to open a connection (a subscription's
	 * confirmation when the pub/sub connection is not open yet): the connect timeout,
	 * then the command timeout and the margin.
	 */
	<T> T awaitConnecting(String operation, CompletionStage<T> stage) {
		return await(operation, null, 0L, stage, this.connectingTimeout.toNanos() + AWAIT_MARGIN_NANOS,
				this.connectingTimeout);
	}

	private <T> T await(String operation, Timers timers, long start, CompletionStage<T> stage, long waitNanos,
			Duration timeout) {
		CompletableFuture<T> future = stage.toCompletableFuture();
		T value;
		try {
			value = future.get(waitNanos, TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException | TimeoutException | InterruptedException | CancellationException ex) {
			record(timers, start, false);
			throw failure(operation, future, ex, timeout);
		}
		record(timers, start, true);
		return value;
	}

	/**
	 * Kept out of {@link #await}, which runs for every blocking command, so that it stays
	 * small.
	 */
	private EarnbaseRedisException failure(String operation, CompletableFuture<?> future, Exception ex,
			Duration timeout) {
		if (ex instanceof ExecutionException) {
			return translate(operation, ex.getCause());
		}
		if (ex instanceof TimeoutException) {
			future.cancel(false);
			return new RedisOperationTimeoutException(operation, timeout, null);
		}
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
			return new EarnbaseRedisException(operation, "interrupted while waiting for Redis", ex);
		}
		return new RedisConnectionLostException(operation, "the command was cancelled", ex);
	}

	private long start() {
		return this.timed ? System.nanoTime() : 0L;
	}

	/**
	 * The timers of an operation named at call time; none (no look-up) when nothing is
	 * timed.
	 */
	private Timers timers(String operation) {
		return this.timed ? this.metrics.timers(operation) : null;
	}

	private static void record(Timers timers, long start, boolean success) {
		if (start != 0L) {
			timers.record(start, success);
		}
	}

	/**
	 * Maps a Lettuce or JDK failure to this library's exception, see
	 * {@link LettuceRedisClient#translate}.
	 */
	EarnbaseRedisException translate(String operation, Throwable error) {
		Throwable cause = Failures.unwrap(error);
		if (cause instanceof EarnbaseRedisException known) {
			return known;
		}
		if (cause instanceof RedisCommandTimeoutException || cause instanceof TimeoutException) {
			return new RedisOperationTimeoutException(operation, this.timeout, cause);
		}
		if (cause instanceof RedisCommandExecutionException) {
			return new RedisCommandFailedException(operation, cause.getMessage(), cause);
		}
		if (isQueueFull(cause)) {
			return new RedisQueueFullException(operation, this.maxQueuedCommands, cause);
		}
		if (cause instanceof RedisConnectionException || cause instanceof IOException
				|| cause instanceof CancellationException || cause instanceof RedisException) {
			return new RedisConnectionLostException(operation, Failures.rootMessage(cause), cause);
		}
		return new EarnbaseRedisException(operation, Failures.rootMessage(cause), cause);
	}

	/**
	 * Whether the command was refused because the connection's request queue, its buffer
	 * or its stack of commands awaiting a reply holds {@code requestQueueSize} already:
	 * by {@link QueueBound} or by Lettuce (the same messages in Lettuce 6.6 to 7.x).
	 */
	private static boolean isQueueFull(Throwable cause) {
		if (QueueBound.isRefusal(cause)) {
			return true;
		}
		if (cause.getClass() != RedisException.class || cause.getMessage() == null) {
			return false;
		}
		String message = cause.getMessage();
		return message.startsWith("Request queue size exceeded") || message.startsWith("Command buffer size exceeded")
				|| message.startsWith("Internal stack size exceeded");
	}

	/**
	 * A command that is given its arguments instead of capturing them: written as a
	 * lambda that captures nothing it is a constant, so that sending it allocates nothing
	 * beyond Lettuce's own command.
	 */
	@FunctionalInterface
	interface Command<A, B, T> {

		CompletionStage<T> send(RedisClusterAsyncCommands<String, String> commands, A first, B second);

	}

	/**
	 * A command of the {@link RedisClient} API with the operation it is timed under.
	 *
	 * @param operation the operation
	 * @param command the command
	 */
	record ApiCommand<A, B, T>(Operation operation, Command<A, B, T> command) {
	}

	/** The operations of the {@link RedisClient} API. */
	enum Operation {

		GET("get"), SET("set"), EXISTS("exists"), DEL("del"), PEXPIRE("pexpire"), TTL("ttl"), INCR("incr"),
		PUBLISH("publish"), SPUBLISH("spublish"), PING("ping");

		/** The command as named in the timer's tag and in errors. */
		final String command;

		Operation(String command) {
			this.command = command;
		}

	}

	/**
	 * The result of a timed command, completed by the command's reply: it records the
	 * timer and translates the failure. Being its own callback saves a lambda per
	 * command.
	 */
	final class Reply<T> extends CompletableFuture<T> implements BiConsumer<T, Throwable> {

		private final String operation;

		private final Timers timers;

		private final long start;

		private Reply(String operation, Timers timers, long start) {
			this.operation = operation;
			this.timers = timers;
			this.start = start;
		}

		@Override
		public void accept(T value, Throwable error) {
			record(this.timers, this.start, error == null);
			if (error == null) {
				complete(value);
			}
			else {
				completeExceptionally(translate(this.operation, error));
			}
		}

	}

}
