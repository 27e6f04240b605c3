package com.earnbase.redis.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisClientBuilder;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.codec.StringCodec;

/**
 * A Redis Cluster of six {@code redis-server} processes on loopback (3 masters, 3
 * replicas), created with {@code redis-cli --cluster create ... --cluster-replicas 1}.
 * Node timeout 2000 ms and diskless sync without delay keep start-up (about 3 s) and
 * failover (about 4 s after a master dies) short. Who replicates whom is read from
 * {@code CLUSTER NODES}, never assumed.
 * <p>
 * {@link #shared()} is the JVM-wide cluster the parity suites run on (never kill its
 * nodes); {@link #dedicated()} is a cluster of a test's own for failover tests (close it
 * after the test).
 */
public final class RedisClusterFixture implements RedisTopology, AutoCloseable {

	/**
	 * Cluster node timeout: how long a silent master takes to be failed over (plus an
	 * election).
	 */
	public static final Duration NODE_TIMEOUT = Duration.ofMillis(2000);

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private static final SharedFixture<RedisClusterFixture> SHARED = new SharedFixture<>(RedisClusterFixture::start);

	private final List<RedisServerProcess> nodes;

	private final ReentrantLock rawLock = new ReentrantLock();

	private RedisClusterClient rawClient;

	private StatefulRedisClusterConnection<String, String> rawConnection;

	private RedisClusterFixture(List<RedisServerProcess> nodes) {
		this.nodes = List.copyOf(nodes);
	}

	/**
	 * The JVM-wide cluster, started on first use and stopped when the JVM exits. Do not
	 * kill its nodes.
	 * @return the shared cluster
	 */
	public static RedisClusterFixture shared() {
		return SHARED.get();
	}

	/**
	 * A cluster of this test's own, for tests that kill or fail over nodes.
	 * @return the running cluster; close it after the test
	 */
	public static RedisClusterFixture dedicated() {
		return start();
	}

	private static RedisClusterFixture start() {
		RedisServerProcess.requireAvailable("The cluster tests");
		List<RedisServerProcess> nodes = new ArrayList<>();
		try {
			for (int[] ports : freePortPairs(6)) {
				// The cluster bus gets its own free port rather than the default port +
				// 10000.
				nodes.add(RedisServerProcess.startOnPort(ports[0], "--cluster-enabled", "yes", "--cluster-config-file",
						"nodes.conf", "--cluster-port", String.valueOf(ports[1]), "--cluster-node-timeout",
						String.valueOf(NODE_TIMEOUT.toMillis()), "--repl-diskless-sync-delay", "0"));
			}
			List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
			nodes.forEach((node) -> create.add(address(node)));
			create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
			run(create);
			RedisClusterFixture cluster = new RedisClusterFixture(nodes);
			cluster.awaitHealthy();
			return cluster;
		}
		catch (RuntimeException ex) {
			nodes.forEach(RedisServerProcess::kill);
			throw ex;
		}
	}

	private static List<int[]> freePortPairs(int count) {
		Set<Integer> ports = new LinkedHashSet<>();
		while (ports.size() < count * 2) {
			ports.add(RedisServerProcess.freePort());
		}
		List<Integer> list = new ArrayList<>(ports);
		List<int[]> pairs = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			pairs.add(new int[] { list.get(2 * i), list.get(2 * i + 1) });
		}
		return pairs;
	}

	private static void run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run redis-cli: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String address(RedisServerProcess node) {
		return "127.0.0.1:" + node.port();
	}

	@Override
	public String name() {
		return "cluster";
	}

	@Override
	public RedisClientBuilder clientBuilder() {
		return RedisClient.builder().clusterNodes(seeds());
	}

	@Override
	public List<String> applicationProperties() {
		List<String> properties = new ArrayList<>();
		List<String> seeds = seeds();
		for (int i = 0; i < seeds.size(); i++) {
			properties.add("earnbase.redis.cluster.nodes[" + i + "]=" + seeds.get(i));
		}
		return properties;
	}

	/**
	 * The seed nodes, {@code 127.0.0.1:port} of every node.
	 * @return the addresses
	 */
	public List<String> seeds() {
		return this.nodes.stream().map(RedisClusterFixture::address).toList();
	}

	/**
	 * Cluster-aware commands (they follow MOVED and refresh the topology) without any
	 * prefix.
	 * @return synchronous commands
	 */
	@Override
	public RedisAdvancedClusterCommands<String, String> raw() {
		this.rawLock.lock();
		try {
			if (this.rawConnection == null) {
				this.rawClient = RedisClusterClient
					.create(this.nodes.stream().map((node) -> RedisURI.create("127.0.0.1", node.port())).toList());
				this.rawClient.setOptions(ClusterClientOptions.builder()
					.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
						.enableAllAdaptiveRefreshTriggers()
						.adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
						.enablePeriodicRefresh(Duration.ofSeconds(1))
						.build())
					.build());
				this.rawConnection = this.rawClient.connect(StringCodec.UTF8);
			}
			return this.rawConnection.sync();
		}
		finally {
			this.rawLock.unlock();
		}
	}

	/**
	 * Every node process, masters and replicas, in start order.
	 * @return the nodes
	 */
	public List<RedisServerProcess> nodes() {
		return this.nodes;
	}

	/**
	 * The nodes that are masters now, as the live nodes report it.
	 * @return the masters
	 */
	public List<RedisServerProcess> masters() {
		return view().stream().filter(ClusterNode::isMaster).map((n) -> process(n.port())).toList();
	}

	/**
	 * The master that serves a key's hash slot now.
	 * @param key the key as stored (with prefix and hash tag)
	 * @return the master's process
	 */
	public RedisServerProcess masterOf(String key) {
		int slot = SlotHash.getSlot(key);
		return view().stream()
			.filter((n) -> n.isMaster() && n.servesSlot(slot))
			.findFirst()
			.map((n) -> process(n.port()))
			.orElseThrow(() -> new IllegalStateException("no master serves slot " + slot));
	}

	/**
	 * Which keys a master serves, read once from {@code CLUSTER NODES}: for choosing keys
	 * that live on the master a test is about to kill.
	 * @param master the master
	 * @return true for a key (as stored) whose hash slot the master serves now
	 */
	public Predicate<String> keysServedBy(RedisServerProcess master) {
		ClusterNode node = view().stream()
			.filter((n) -> n.port() == master.port() && n.isMaster())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(address(master) + " is not a master"));
		return (key) -> node.servesSlot(SlotHash.getSlot(key));
	}

	/**
	 * A live replica of a master.
	 * @param master the master
	 * @return the replica's process
	 */
	public RedisServerProcess replicaOf(RedisServerProcess master) {
		List<ClusterNode> view = view();
		String masterId = view.stream()
			.filter((n) -> n.port() == master.port())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(address(master) + " is not in the cluster"))
			.id();
		return view.stream()
			.filter((n) -> masterId.equals(n.masterId()) && !n.isFailed() && process(n.port()).isRunning())
			.findFirst()
			.map((n) -> process(n.port()))
			.orElseThrow(() -> new IllegalStateException(address(master) + " has no live replica"));
	}

	/**
	 * Kills ({@code kill -9}) the master that serves a key, as a crash would; its replica
	 * takes over after the node timeout. See
	 * {@link #awaitMaster(String, RedisServerProcess)}.
	 * @param key the key as stored
	 * @return the killed master, e.g. to {@link RedisServerProcess#restart()} it (it
	 * comes back as a replica)
	 */
	public RedisServerProcess killMasterOf(String key) {
		RedisServerProcess master = masterOf(key);
		master.kill();
		return master;
	}

	/**
	 * Kills ({@code kill -9}) a master node.
	 * @param master the master
	 */
	public void killMaster(RedisServerProcess master) {
		master.kill();
	}

	/**
	 * Promotes a replica with {@code CLUSTER FAILOVER} (a coordinated switch without data
	 * loss, in milliseconds) and waits until the other nodes agree.
	 * @param replica the replica to promote
	 */
	public void failover(RedisServerProcess replica) {
		String answer = replica.call((commands) -> commands.clusterFailover(false));
		if (!"OK".equals(answer)) {
			throw new IllegalStateException("CLUSTER FAILOVER on " + address(replica) + " answered " + answer);
		}
		RedisServerProcess.awaitUntil("failover to " + address(replica), READY_TIMEOUT,
				() -> liveNodesAgree((n) -> n.port() == replica.port() && n.isMaster()));
	}

	/**
	 * Waits until a node other than the given one is the master of a key's slot in every
	 * live node's view.
	 * @param key the key as stored
	 * @param former the master that was killed or demoted
	 * @return the new master
	 */
	public RedisServerProcess awaitMaster(String key, RedisServerProcess former) {
		int slot = SlotHash.getSlot(key);
		RedisServerProcess.awaitUntil("a new master of slot " + slot, READY_TIMEOUT, () -> liveNodesAgree(
				(n) -> n.isMaster() && n.servesSlot(slot) && n.port() != former.port() && !n.isFailed()));
		return masterOf(key);
	}

	/**
	 * Waits until every node runs and reports {@code cluster_state:ok}, three masters
	 * serve all slots and every replica is in sync, e.g. after restarting a killed node.
	 */
	public void awaitHealthy() {
		RedisServerProcess.awaitUntil("a healthy cluster", READY_TIMEOUT, () -> {
			for (RedisServerProcess node : this.nodes) {
				if (!node.isRunning()) {
					return false;
				}
				String info = node.call(RedisCommands::clusterInfo);
				if (!info.contains("cluster_state:ok")) {
					return false;
				}
				List<ClusterNode> view = ClusterNode.parse(node.call(RedisCommands::clusterNodes));
				long masters = view.stream().filter((n) -> n.isMaster() && n.hasSlots() && !n.isFailed()).count();
				long replicas = view.stream().filter((n) -> !n.isMaster() && !n.isFailed()).count();
				if (masters != 3 || replicas != 3) {
					return false;
				}
				if (view.stream().anyMatch((n) -> n.isMyself() && !n.isMaster())
						&& !node.call(RedisCommands::info).contains("master_link_status:up")) {
					return false;
				}
			}
			return true;
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
		this.nodes.forEach(RedisServerProcess::kill);
	}

	private boolean liveNodesAgree(Predicate<ClusterNode> condition) {
		for (RedisServerProcess node : this.nodes) {
			if (node.isRunning()
					&& ClusterNode.parse(node.call(RedisCommands::clusterNodes)).stream().noneMatch(condition)) {
				return false;
			}
		}
		return true;
	}

	private List<ClusterNode> view() {
		for (RedisServerProcess node : this.nodes) {
			if (node.isRunning()) {
				try {
					return ClusterNode.parse(node.call(RedisCommands::clusterNodes));
				}
				catch (RuntimeException ex) {
					// This node is going down; ask the next one.
				}
			}
		}
		throw new IllegalStateException("no cluster node is running");
	}

	private RedisServerProcess process(int port) {
		return this.nodes.stream()
			.filter((node) -> node.port() == port)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no node on port " + port));
	}

	/** One line of {@code CLUSTER NODES}. */
	record ClusterNode(String id, int port, Set<String> flags, String masterId, List<int[]> slotRanges) {

		static List<ClusterNode> parse(String clusterNodes) {
			List<ClusterNode> nodes = new ArrayList<>();
			for (String line : clusterNodes.split("\n")) {
				String[] fields = line.trim().split(" ");
				if (fields.length < 8) {
					continue;
				}
				String address = fields[1].split("[@,]")[0];
				int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
				List<int[]> ranges = new ArrayList<>();
				for (int i = 8; i < fields.length; i++) {
					if (!fields[i].startsWith("[")) {
						String[] range = fields[i].split("-");
						int from = Integer.parseInt(range[0]);
						ranges.add(new int[] { from, (range.length > 1) ? Integer.parseInt(range[1]) : from });
					}
				}
				nodes.add(new ClusterNode(fields[0], port, Set.of(fields[2].split(",")),
						"-".equals(fields[3]) ? null : fields[3], ranges));
			}
			return nodes;
		}

		boolean isMaster() {
			return this.flags.contains("master");
		}

		boolean isMyself() {
			return this.flags.contains("myself");
		}

		boolean isFailed() {
			return this.flags.contains("fail") || this.flags.contains("fail?") || this.flags.contains("noaddr");
		}

		boolean hasSlots() {
			return !this.slotRanges.isEmpty();
		}

		boolean servesSlot(int slot) {
			return this.slotRanges.stream().anyMatch((range) -> slot >= range[0] && slot <= range[1]);
		}

	}

}
