package com.earnbase.redis;

import java.time.Duration;

import com.earnbase.redis.CommandExecutor.ApiCommand;
import com.earnbase.redis.CommandExecutor.Operation;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;

/**
 * The commands of the {@link RedisClient} API, shared by its sync and async forms, as
 * constants whose lambdas capture nothing (see {@link CommandExecutor.Command}). A
 * command with more than two arguments takes them as Lettuce's {@link CommandArgs}, built
 * as Lettuce's own methods build them.
 */
final class ClientCommands {

	static final ApiCommand<String, Void, String> GET = new ApiCommand<>(Operation.GET,
			(commands, key, none) -> commands.get(key));

	static final ApiCommand<String, Void, Long> EXISTS = new ApiCommand<>(Operation.EXISTS,
			(commands, key, none) -> commands.exists(key));

	static final ApiCommand<String, Void, Long> DEL = new ApiCommand<>(Operation.DEL,
			(commands, key, none) -> commands.del(key));

	static final ApiCommand<String, Duration, Boolean> PEXPIRE = new ApiCommand<>(Operation.PEXPIRE,
			(commands, key, expire) -> commands.pexpire(key, expire));

	static final ApiCommand<String, Void, Long> TTL = new ApiCommand<>(Operation.TTL,
			(commands, key, none) -> commands.ttl(key));

	static final ApiCommand<Void, Void, String> PING = new ApiCommand<>(Operation.PING,
			(commands, none, unused) -> commands.ping());

	static final ApiCommand<String, String, String> SET = new ApiCommand<>(Operation.SET,
			(commands, key, value) -> commands.set(key, value));

	/**
	 * SET with the arguments from {@link #set(String, String, SetArgs)}, sent on the
	 * given connection as Lettuce's own {@code set} sends it (its public {@code dispatch}
	 * would wrap the command twice).
	 */
	static final ApiCommand<CommandArgs<String, String>, StatefulConnection<String, String>, String> SET_WITH_ARGS = new ApiCommand<>(
			Operation.SET, (commands, args, connection) -> send(connection, CommandType.SET, status(), args));

	/**
	 * SET at most once, with the arguments from {@link #set(String, String, SetArgs)}.
	 */
	static final ApiCommand<CommandArgs<String, String>, AtMostOnceDispatcher, String> SET_AT_MOST_ONCE = new ApiCommand<>(
			Operation.SET, (commands, args, atMostOnce) -> atMostOnce.dispatch(CommandType.SET, status(), args));

	static final ApiCommand<String, AtMostOnceDispatcher, Long> INCR_AT_MOST_ONCE = new ApiCommand<>(Operation.INCR,
			(commands, key, atMostOnce) -> atMostOnce.dispatch(CommandType.INCR, integer(),
					new CommandArgs<>(StringCodec.UTF8).addKey(key)));

	/** PUBLISH at most once, with the arguments from {@link #publish(String, String)}. */
	static final ApiCommand<CommandArgs<String, String>, AtMostOnceDispatcher, Long> PUBLISH_AT_MOST_ONCE = new ApiCommand<>(
			Operation.PUBLISH,
			(commands, args, atMostOnce) -> atMostOnce.dispatch(CommandType.PUBLISH, integer(), args));

	/**
	 * SPUBLISH at most once, with the arguments from {@link #publish(String, String)}.
	 */
	static final ApiCommand<CommandArgs<String, String>, AtMostOnceDispatcher, Long> SPUBLISH_AT_MOST_ONCE = new ApiCommand<>(
			Operation.SPUBLISH,
			(commands, args, atMostOnce) -> atMostOnce.dispatch(CommandType.SPUBLISH, integer(), args));

	private ClientCommands() {
	}

	/**
	 * The plain SET of a client: with its default TTL, if it has one.
	 * @param defaultTtl the default TTL, or null
	 * @return the command
	 */
	static ApiCommand<String, String, String> setWithTtl(Duration defaultTtl) {
		if (defaultTtl == null) {
			return SET;
		}
		SetArgs args = px(defaultTtl);
		return new ApiCommand<>(Operation.SET, (commands, key, value) -> commands.set(key, value, args));
	}

	/**
	 * The arguments of a SET with options.
	 * @param key the key, prefixed
	 * @param value the value
	 * @param setArgs the options
	 * @return the arguments
	 */
	static CommandArgs<String, String> set(String key, String value, SetArgs setArgs) {
		CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(key).addValue(value);
		setArgs.build(args);
		return args;
	}

	/**
	 * The arguments of a PUBLISH or SPUBLISH.
	 * @param channel the channel, prefixed
	 * @param message the message
	 * @return the arguments
	 */
	static CommandArgs<String, String> publish(String channel, String message) {
		return new CommandArgs<>(StringCodec.UTF8).addKey(channel).addValue(message);
	}

	private static <T> AsyncCommand<String, String, T> send(StatefulConnection<String, String> connection,
			ProtocolKeyword type, CommandOutput<String, String, T> output, CommandArgs<String, String> args) {
		AsyncCommand<String, String, T> command = new AsyncCommand<>(new Command<>(type, output, args));
		connection.dispatch(command);
		return command;
	}

	private static StatusOutput<String, String> status() {
		return new StatusOutput<>(StringCodec.UTF8);
	}

	private static IntegerOutput<String, String> integer() {
		return new IntegerOutput<>(StringCodec.UTF8);
	}

	/**
	 * The SET options of an expiry.
	 * @param expire the expiry
	 * @return the options
	 */
	static SetArgs px(Duration expire) {
		return SetArgs.Builder.px(expire.toMillis());
	}

}
