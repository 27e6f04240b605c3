package com.earnbase.redis.testsupport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.TrustManagerFactory;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisClientBuilder;
import com.earnbase.redis.support.RedisUrls;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;

/**
 * A Sentinel group on loopback: a master, one replica and three Sentinels monitoring
 * {@value #MASTER_NAME} with quorum 2, down-after 1000 ms and failover-timeout 3000 ms,
 * so that a killed master is replaced in about 2.5 s. Applications reach it by the URL
 * {@code redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3#mymaster}.
 * <p>
 * {@link #shared()} is the JVM-wide group the parity suites run on (never kill its
 * processes); {@link #dedicated()} is a group of a test's own for failover tests (close
 * it after the test).
 */
public final class RedisSentinelFixture implements RedisTopology, AutoCloseable {

	/** The name the Sentinels monitor the master under. */
	public static final String MASTER_NAME = "mymaster";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private static final SharedFixture<RedisSentinelFixture> SHARED = new SharedFixture<>(() -> start(null));

	private final List<RedisServerProcess> dataNodes;

	private final List<RedisServerProcess> sentinels;

	/** The secured group's passwords and TLS, or null for an open group. */
	private final Secured secured;

	private final ReentrantLock rawLock = new ReentrantLock();

	private io.lettuce.core.RedisClient rawClient;

	private StatefulRedisConnection<String, String> rawConnection;

	private RedisSentinelFixture(List<RedisServerProcess> dataNodes, List<RedisServerProcess> sentinels,
			Secured secured) {
		this.dataNodes = List.copyOf(dataNodes);
		this.sentinels = List.copyOf(sentinels);
		this.secured = secured;
	}

	/**
	 * The JVM-wide group, started on first use and stopped when the JVM exits. Do not
	 * kill its processes.
	 * @return the shared group
	 */
	public static RedisSentinelFixture shared() {
		return SHARED.get();
	}

	/**
	 * A group of this test's own, for tests that kill the master.
	 * @return the running group; close it after the test
	 */
	public static RedisSentinelFixture dedicated() {
		return start(null);
	}

	/**
	 * A group of this test's own whose Sentinels want a password of their own
	 * ({@code requirepass}, {@link #SENTINEL_PASSWORD}) and whose data nodes want the ACL
	 * user {@link #DATA_USER} (the default user is off); with {@code tls}, every process
	 * speaks only TLS (certificates from {@code openssl}, as {@link RedisTlsFixture}'s).
	 * Its {@link #clientBuilder()} passes all of it.
	 * @param tls whether the group speaks only TLS
	 * @return the running group; close it after the test
	 */
	public static RedisSentinelFixture dedicatedSecured(boolean tls) {
		return start(new Secured(tls ? RedisTlsFixture.Certificates.generate() : null));
	}

	/** The password of a secured group's Sentinels. */
	public static final String SENTINEL_PASSWORD = "sentinel-only-s3cret";

	/** The ACL user of a secured group's data nodes. */
	public static final String DATA_USER = "app";

	/** The password of {@link #DATA_USER}. */
	public static final String DATA_PASSWORD = "data-only-s3cret";

	private static RedisSentinelFixture start(Secured secured) {
		RedisServerProcess.requireAvailable("The Sentinel tests");
		List<RedisServerProcess> dataNodes = new ArrayList<>();
		List<RedisServerProcess> sentinels = new ArrayList<>();
		try {
			RedisServerProcess master = startDataNode(secured, "--repl-diskless-sync-delay", "0");
			dataNodes.add(master);
			dataNodes.add(startDataNode(secured, "--replicaof", "127.0.0.1", String.valueOf(master.port()),
					"--repl-diskless-sync-delay", "0"));
			String configuration = String.join("\n",
					"sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 2",
					"sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
					"sentinel failover-timeout " + MASTER_NAME + " 3000", "");
			if (secured != null) {
				configuration += String.join("\n", "requirepass " + SENTINEL_PASSWORD,
						"sentinel sentinel-pass " + SENTINEL_PASSWORD,
						"sentinel auth-user " + MASTER_NAME + " " + DATA_USER,
						"sentinel auth-pass " + MASTER_NAME + " " + DATA_PASSWORD, "");
			}
			for (int i = 0; i < 3; i++) {
				int port = RedisServerProcess.freePort();
				RedisServerProcess sentinel = RedisServerProcess.startSentinelOnPort(port, configuration,
						(secured != null) ? secured.tlsArguments(port) : new String[0]);
				if (secured != null) {
					sentinel.adminAccess(null, SENTINEL_PASSWORD, secured.tls());
				}
				sentinels.add(sentinel);
			}
			RedisSentinelFixture group = new RedisSentinelFixture(dataNodes, sentinels, secured);
			group.awaitHealthy();
			return group;
		}
		catch (RuntimeException ex) {
			dataNodes.forEach(RedisServerProcess::kill);
			sentinels.forEach(RedisServerProcess::kill);
			throw ex;
		}
	}

	private static RedisServerProcess startDataNode(Secured secured, String... arguments) {
		if (secured == null) {
			return RedisServerProcess.start(arguments);
		}
		int port = RedisServerProcess.freePort();
		List<String> all = new ArrayList<>(List.of(arguments));
		all.addAll(List.of("--user", DATA_USER, "on", ">" + DATA_PASSWORD, "~*", "&*", "+@all", "--user", "default",
				"off", "--masteruser", DATA_USER, "--masterauth", DATA_PASSWORD));
		all.addAll(List.of(secured.tlsArguments(port)));
		return RedisServerProcess.startOnPort(port, all.toArray(String[]::new))
			.adminAccess(DATA_USER, DATA_PASSWORD, secured.tls());
	}

	@Override
	public String name() {
		return (this.secured == null) ? "sentinel" : this.secured.tls() ? "secured-tls-sentinel" : "secured-sentinel";
	}

	/**
	 * The Sentinel URL,
	 * {@code redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3#mymaster}.
	 * @return the URL
	 */
	public String url() {
		return ((this.secured != null && this.secured.tls()) ? "rediss-sentinel://" : "redis-sentinel://")
				+ String.join(",", this.sentinels.stream().map(RedisClusterFixture::address).toList()) + "#"
				+ MASTER_NAME;
	}

	/**
	 * Trust managers for the CA of a secured TLS group.
	 * @return the factory
	 */
	public TrustManagerFactory trustManagers() {
		return RedisTlsFixture.trustManagers(this.secured.certificates().caCertificate());
	}

	/**
	 * Trust managers for a CA that signed nothing here, for wrong-trust tests.
	 * @return the factory
	 */
	public TrustManagerFactory otherTrustManagers() {
		return RedisTlsFixture.trustManagers(this.secured.certificates().otherCaCertificate());
	}

	@Override
	public RedisClientBuilder clientBuilder() {
		RedisClientBuilder builder = RedisClient.builder().url(url());
		if (this.secured != null) {
			builder.username(DATA_USER).password(DATA_PASSWORD).sentinelPassword(SENTINEL_PASSWORD);
			if (this.secured.tls()) {
				builder.ssl(trustManagers(), null);
			}
		}
		return builder;
	}

	@Override
	public List<String> applicationProperties() {
		return List.of("earnbase.redis.url=" + url());
	}

	/**
	 * Commands on the current master, found through the Sentinels (also after a
	 * failover).
	 * @return synchronous commands
	 */
	@Override
	public RedisCommands<String, String> raw() {
		this.rawLock.lock();
		try {
			if (this.rawConnection == null) {
				RedisURI uri = RedisURI.create(url());
				if (this.secured != null) {
					RedisUrls.setCredentials(uri, DATA_USER, DATA_PASSWORD);
					uri.getSentinels()
						.forEach((sentinel) -> RedisUrls.setCredentials(sentinel, null, SENTINEL_PASSWORD));
					uri.setVerifyPeer(SslVerifyMode.NONE);
				}
				this.rawClient = io.lettuce.core.RedisClient.create(uri);
				this.rawConnection = this.rawClient.connect(StringCodec.UTF8);
			}
			return this.rawConnection.sync();
		}
		finally {
			this.rawLock.unlock();
		}
	}

	/**
	 * The three Sentinel processes.
	 * @return the Sentinels
	 */
	public List<RedisServerProcess> sentinels() {
		return this.sentinels;
	}

	/**
	 * The master and the replica, in start order (the first is the master until a
	 * failover).
	 * @return the data nodes
	 */
	public List<RedisServerProcess> dataNodes() {
		return this.dataNodes;
	}

	/**
	 * The data node the first live Sentinel names as master now.
	 * @return the master's process
	 */
	public RedisServerProcess master() {
		int port = firstLiveSentinel().callSentinel(RedisSentinelFixture::masterPort);
		return this.dataNodes.stream()
			.filter((node) -> node.port() == port)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no data node on port " + port));
	}

	/**
	 * Kills ({@code kill -9}) the current master, as a crash would; the Sentinels promote
	 * the replica after about 2.5 s. See {@link #awaitFailover(RedisServerProcess)}.
	 * @return the killed master, e.g. to {@link RedisServerProcess#restart()} it (it
	 * comes back as a replica)
	 */
	public RedisServerProcess killMaster() {
		RedisServerProcess master = master();
		master.kill();
		return master;
	}

	/**
	 * Waits until every live Sentinel names another node than the former master.
	 * @param former the master that was killed
	 * @return the new master
	 */
	public RedisServerProcess awaitFailover(RedisServerProcess former) {
		RedisServerProcess.awaitUntil("failover away from " + RedisClusterFixture.address(former), READY_TIMEOUT,
				() -> {
					for (RedisServerProcess sentinel : this.sentinels) {
						if (sentinel.isRunning()
								&& sentinel.callSentinel(RedisSentinelFixture::masterPort) == former.port()) {
							return false;
						}
					}
					return true;
				});
		return master();
	}

	/**
	 * Waits until every Sentinel knows the master, the replica in sync and both other
	 * Sentinels.
	 */
	public void awaitHealthy() {
		RedisServerProcess.awaitUntil("a healthy Sentinel group", READY_TIMEOUT, () -> {
			for (RedisServerProcess sentinel : this.sentinels) {
				boolean ready = sentinel.callSentinel((commands) -> {
					List<Map<String, String>> replicas = commands.replicas(MASTER_NAME);
					return "2".equals(commands.master(MASTER_NAME).get("num-other-sentinels")) && replicas.size() == 1
							&& !replicas.get(0).get("flags").contains("down")
							&& !replicas.get(0).get("flags").contains("disconnected");
				});
				if (!ready) {
					return false;
				}
			}
			RedisServerProcess master = master();
			RedisServerProcess replica = this.dataNodes.get(master == this.dataNodes.get(0) ? 1 : 0);
			return replica.call(RedisCommands::info).contains("master_link_status:up");
		});
	}

	/**
	 * Stops a {@link #dedicated()} fixture's processes. Does nothing on the
	 * {@link #shared()} one, which lives until the JVM exits (JUnit closes
	 * {@link AutoCloseable} arguments of parameterized tests, for one).
	 */
	@Override
	public void close() {
		if (SHARED.is(this)) {
			return;
		}
		this.rawLock.lock();
		try {
			if (this.rawClient != null) {
				this.rawConnection.close();
				this.rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			}
		}
		finally {
			this.rawLock.unlock();
		}
		this.sentinels.forEach(RedisServerProcess::kill);
		this.dataNodes.forEach(RedisServerProcess::kill);
	}

	/**
	 * A secured group's settings.
	 *
	 * @param certificates the TLS material, or null without TLS
	 */
	private record Secured(RedisTlsFixture.Certificates certificates) {

		boolean tls() {
			return this.certificates != null;
		}

		/**
		 * Arguments that make a process on this port speak only TLS; none without TLS.
		 */
		String[] tlsArguments(int port) {
			if (!tls()) {
				return new String[0];
			}
			// Later arguments win: "--port 0" turns the plain port off.
			return new String[] { "--port", "0", "--tls-port", String.valueOf(port), "--tls-cert-file",
					this.certificates.serverCertificate().toString(), "--tls-key-file",
					this.certificates.serverKey().toString(), "--tls-ca-cert-file",
					this.certificates.caCertificate().toString(), "--tls-auth-clients", "no", "--tls-replication",
					"yes" };
		}

	}

	private static int masterPort(RedisSentinelCommands<String, String> sentinel) {
		return ((InetSocketAddress) sentinel.getMasterAddrByName(MASTER_NAME)).getPort();
	}

	private RedisServerProcess firstLiveSentinel() {
		return this.sentinels.stream()
			.filter(RedisServerProcess::isRunning)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no Sentinel is running"));
	}

}
