package com.earnbase.redis.testsupport;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisClientBuilder;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The standalone Redis every test JVM shares, found in this order: the
 * {@code EARNBASE_REDIS_TEST_URL} environment variable; a Testcontainers {@code redis:7}
 * container when Docker is available; else a {@code redis-server} from the PATH started
 * on a free loopback port with persistence off. Without any of them tests fail, saying
 * how to get one; they never skip.
 */
public final class RedisTestServer implements RedisTopology {

	/** The environment variable that points the tests at an existing server. */
	public static final String URL_VARIABLE = "EARNBASE_REDIS_TEST_URL";

	private static final SharedFixture<RedisTestServer> SHARED = new SharedFixture<>(RedisTestServer::locate);

	private final String url;

	private final RedisServerProcess process;

	private final ReentrantLock rawLock = new ReentrantLock();

	/**
	 * Held for the JVM's lifetime: a client collected under its open connection is
	 * finalized un-shut-down.
	 */
	private io.lettuce.core.RedisClient rawClient;

	private StatefulRedisConnection<String, String> rawConnection;

	private RedisTestServer(String url, RedisServerProcess process) {
		this.url = url;
		this.process = process;
	}

	/**
	 * The JVM-wide server, started on first use.
	 * @return the shared server
	 */
	public static RedisTestServer shared() {
		return SHARED.get();
	}

	/**
	 * A server of this test's own, from {@code redis-server} on the PATH, for tests that
	 * stop or restart it.
	 * @param extraArguments further {@code redis-server} arguments
	 * @return the server; close it after the test
	 */
	public static RedisServerProcess dedicated(String... extraArguments) {
		RedisServerProcess.requireAvailable("Tests that stop and restart their own Redis");
		return RedisServerProcess.start(extraArguments);
	}

	private static RedisTestServer locate() {
		String url = System.getenv(URL_VARIABLE);
		if (url != null && !url.isBlank()) {
			return new RedisTestServer(url, null);
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			GenericContainer<?> container = new GenericContainer<>("redis:7").withExposedPorts(6379);
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
			return new RedisTestServer("redis://" + container.getHost() + ":" + container.getMappedPort(6379), null);
		}
		if (RedisServerProcess.isAvailable()) {
			RedisServerProcess process = RedisServerProcess.start();
			return new RedisTestServer(process.url(), process);
		}
		throw new IllegalStateException("The integration tests need a real Redis. Either set " + URL_VARIABLE
				+ "=redis://host:port, or start Docker (Testcontainers runs redis:7), or install redis-server "
				+ "(apt-get install redis-server, brew install redis) so that it is on the PATH.");
	}

	@Override
	public String name() {
		return "standalone";
	}

	/**
	 * The server's URL.
	 * @return the URL
	 */
	public String url() {
		return this.url;
	}

	@Override
	public RedisClientBuilder clientBuilder() {
		return RedisClient.builder().url(this.url);
	}

	@Override
	public List<String> applicationProperties() {
		return List.of("earnbase.redis.url=" + this.url);
	}

	@Override
	public RedisCommands<String, String> raw() {
		this.rawLock.lock();
		try {
			if (this.rawConnection == null) {
				this.rawClient = io.lettuce.core.RedisClient.create(this.url);
				this.rawConnection = this.rawClient.connect(StringCodec.UTF8);
			}
			return this.rawConnection.sync();
		}
		finally {
			this.rawLock.unlock();
		}
	}

	/**
	 * The process behind this server when the tests started it, for information only: the
	 * shared server must not be stopped (use {@link #dedicated(String...)}).
	 * @return the process, or null
	 */
	public RedisServerProcess process() {
		return this.process;
	}

}
