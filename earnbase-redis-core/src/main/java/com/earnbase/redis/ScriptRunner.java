package com.earnbase.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.earnbase.redis.CommandExecutor.Reply;
import com.earnbase.redis.support.Failures;
import com.earnbase.redis.support.RedisScript;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

/**
 * Runs the primitives' Lua scripts by EVALSHA, sending the source with EVAL only when the
 * server answers NOSCRIPT, timed and translated under the script's name; optionally at
 * most once.
 */
final class ScriptRunner {

	private final CommandExecutor executor;

	private final AtMostOnceDispatcher atMostOnce;

	private final RedisClusterAsyncCommands<String, String> commands;

	ScriptRunner(CommandExecutor executor, AtMostOnceDispatcher atMostOnce,
			RedisClusterAsyncCommands<String, String> commands) {
		this.executor = executor;
		this.atMostOnce = atMostOnce;
		this.commands = commands;
	}

	/** See {@link LettuceRedisClient#eval}. */
	<T> CompletableFuture<T> eval(RedisScript script, ScriptOutputType type, String[] keys, String... args) {
		return run(script, (sha) -> this.commands.evalsha(sha, type, keys, args),
				(source) -> this.commands.eval(source, type, keys, args));
	}

	/** See {@link LettuceRedisClient#evalAtMostOnce}. */
	CompletableFuture<List<Object>> evalAtMostOnce(RedisScript script, String[] keys, String... args) {
		return run(script, (sha) -> dispatch(CommandType.EVALSHA, sha, keys, args),
				(source) -> dispatch(CommandType.EVAL, source, keys, args));
	}

	private RedisFuture<List<Object>> dispatch(CommandType type, String script, String[] keys, String[] args) {
		CommandArgs<String, String> commandArgs = new CommandArgs<>(StringCodec.UTF8).add(script)
			.add(keys.length)
			.addKeys(keys)
			.addValues(args);
		return this.atMostOnce.dispatch(type, new NestedMultiOutput<>(StringCodec.UTF8), commandArgs);
	}

	private <T> CompletableFuture<T> run(RedisScript script, Function<String, RedisFuture<T>> bySha,
			Function<String, RedisFuture<T>> bySource) {
		// One timing from EVALSHA to the reply, EVAL included when the server did not
		// know the script.
		Reply<T> reply = this.executor.reply(script.name());
		bySha.apply(script.sha1()).whenComplete((value, error) -> {
			if (error != null && Failures.unwrap(error) instanceof RedisNoScriptException) {
				bySource.apply(script.source()).whenComplete(reply);
			}
			else {
				reply.accept(value, error);
			}
		});
		return reply;
	}

}
