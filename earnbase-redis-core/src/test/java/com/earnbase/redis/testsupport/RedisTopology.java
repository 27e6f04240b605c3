package com.earnbase.redis.testsupport;

import java.util.List;
import java.util.UUID;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.RedisClientBuilder;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * A Redis deployment the shared integration suites run against: standalone, Sentinel or
 * Cluster. A suite written against this interface runs unchanged on each.
 */
public interface RedisTopology {

	/**
	 * A short name for test display names, e.g. {@code standalone}.
	 * @return the name
	 */
	String name();

	/**
	 * A client builder already pointed at this deployment (URL or cluster nodes).
	 * @return a new builder
	 */
	RedisClientBuilder clientBuilder();

	/**
	 * The spring properties that point an application at this deployment.
	 * @return {@code key=value} entries for
	 * {@code ApplicationContextRunner.withPropertyValues}
	 */
	List<String> applicationProperties();

	/**
	 * Plain Lettuce commands without any prefix, for checking what the library stored.
	 * @return synchronous commands
	 */
	RedisClusterCommands<String, String> raw();

	/**
	 * Deletes the keys under a prefix (on every master of a cluster), so that a test
	 * cleans only what it wrote.
	 * @param prefix the prefix, without the trailing colon
	 * @return how many keys were deleted
	 */
	default long deleteKeys(String prefix) {
		RedisClusterCommands<String, String> raw = raw();
		long deleted = 0;
		ScanIterator<String> keys = ScanIterator.scan(raw, ScanArgs.Builder.matches(prefix + ":*").limit(500));
		while (keys.hasNext()) {
			deleted += raw.del(keys.next());
		}
		return deleted;
	}

	/**
	 * A client with a prefix no other test uses.
	 * @param name a readable part of the prefix
	 * @return a connected client; close it after the test
	 */
	default LettuceRedisClient newClient(String name) {
		return clientBuilder().prefix(newPrefix(name)).build();
	}

	/**
	 * A prefix no other test uses that this deployment's user may write under.
	 * @param name a readable part of the prefix
	 * @return the prefix, without a trailing colon
	 */
	default String newPrefix(String name) {
		return uniquePrefix(name);
	}

	/**
	 * A prefix no other test uses.
	 * @param name a readable part of the prefix
	 * @return the prefix, without a trailing colon
	 */
	static String uniquePrefix(String name) {
		return "test-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
