package com.earnbase.redis.testsupport;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisClientBuilder;
import com.earnbase.redis.support.RedisUrls;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;

/**
 * A {@code redis-server} where the default user is off and the application's ACL user
 * {@value #USER} may touch only keys and channels under {@value #KEY_PREFIX}
 * ({@code ~app:* &app:* +@all}); an {@code admin} user checks what was stored. Both
 * passwords are random per run.
 */
public final class RedisAclFixture implements RedisTopology {

	/** The application's ACL user. */
	public static final String USER = "app";

	/** The prefix the application's user is restricted to, without the trailing colon. */
	public static final String KEY_PREFIX = "app";

	private static final SharedFixture<RedisAclFixture> SHARED = new SharedFixture<>(RedisAclFixture::new);

	private final String password = UUID.randomUUID().toString();

	private final String adminPassword = UUID.randomUUID().toString();

	private final RedisServerProcess process;

	private final ReentrantLock rawLock = new ReentrantLock();

	/**
	 * Held for the JVM's lifetime: a client collected under its open connection is
	 * finalized un-shut-down.
	 */
	private io.lettuce.core.RedisClient rawClient;

	private StatefulRedisConnection<String, String> rawConnection;

	private RedisAclFixture() {
		// One argument per word: a quoted "app on >pw ..." string would not start.
		this.process = RedisServerProcess.start("--user", USER, "on", ">" + this.password, "~" + KEY_PREFIX + ":*",
				"&" + KEY_PREFIX + ":*", "+@all", "--user", "admin", "on", ">" + this.adminPassword, "~*", "&*",
				"+@all", "--user", "default", "off");
	}

	/**
	 * The JVM-wide ACL server, started on first use.
	 * @return the server
	 */
	public static RedisAclFixture shared() {
		return SHARED.get();
	}

	@Override
	public String name() {
		return "acl";
	}

	/**
	 * The server's URL without credentials.
	 * @return the URL
	 */
	public String url() {
		return this.process.url();
	}

	/**
	 * The application user's password.
	 * @return the password
	 */
	public String password() {
		return this.password;
	}

	/**
	 * A builder logged in as {@value #USER}; its clients must use a prefix under
	 * {@value #KEY_PREFIX}.
	 */
	@Override
	public RedisClientBuilder clientBuilder() {
		return RedisClient.builder().url(url()).username(USER).password(this.password);
	}

	/** A unique prefix under {@value #KEY_PREFIX}, where {@value #USER} may write. */
	@Override
	public String newPrefix(String name) {
		return KEY_PREFIX + ":" + RedisTopology.uniquePrefix(name);
	}

	@Override
	public List<String> applicationProperties() {
		return List.of("earnbase.redis.url=" + url(), "earnbase.redis.username=" + USER,
				"earnbase.redis.password=" + this.password);
	}

	/** Commands as the unrestricted {@code admin} user. */
	@Override
	public RedisCommands<String, String> raw() {
		this.rawLock.lock();
		try {
			if (this.rawConnection == null) {
				RedisURI uri = RedisURI.create(url());
				RedisUrls.setCredentials(uri, "admin", this.adminPassword);
				this.rawClient = io.lettuce.core.RedisClient.create(uri);
				this.rawConnection = this.rawClient.connect(StringCodec.UTF8);
			}
			return this.rawConnection.sync();
		}
		finally {
			this.rawLock.unlock();
		}
	}

}
