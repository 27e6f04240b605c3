package com.earnbase.redis.failover;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.cache.CacheFailurePolicy;
import com.earnbase.redis.cache.RedisCache;
import com.earnbase.redis.cache.RedisCacheOptions;
import com.earnbase.redis.pubsub.RedisPubSubService;
import com.earnbase.redis.session.RedisSessionStore;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Kills ({@code kill -9}) the master that holds a cache's keys, an owner's sessions and
 * the subscriber's pub/sub connection while real threads keep calling the cache (one
 * computing on failure, one failing), updating, creating and deleting sessions and
 * publishing, and checks what the README's "Across a failover" promises for each:
 * <ul>
 * <li>cache: every caller is answered by its failure policy while the master is down
 * ({@code compute}: the right value, never an exception; {@code fail}: only "Redis
 * unavailable" exceptions, never the factory), no call takes longer than
 * {@link #LONGEST_CACHE_CALL}, and once the outage is over values are cached and hit
 * again;</li>
 * <li>sessions: updates, creates and deletes acknowledged more than
 * {@link #REPLICATION_BOUND} before the crash are on the promoted replica; failures are
 * "Redis unavailable", never "not found"; an owner's index agrees with its sessions;</li>
 * <li>pub/sub: {@code onResubscribed} is called after the crash, and every message
 * published after it arrives, at most once and in order.</li>
 * </ul>
 * Every call may fail only while the outage lasts: from the crash until {@link #RECOVERY}
 * after the promotion. The subclasses run it on Sentinel and on Cluster.
 *
 * @param <D> the kind of deployment
 */
@Tag("slow")
abstract class AbstractPrimitivesFailoverIntegrationTests<D extends RedisTopology & AutoCloseable> {

	/** The clients' command timeout. */
	static final Duration TIMEOUT = Duration.ofSeconds(1);

	/**
	 * How long after the promotion calls may still fail (the client finds the new
	 * master).
	 */
	static final Duration RECOVERY = Duration.ofSeconds(5);

	/**
	 * Acknowledged writes older than this at the crash must survive it: replication is
	 * asynchronous, but on a healthy link it lags by milliseconds.
	 */
	static final Duration REPLICATION_BOUND = Duration.ofSeconds(1);

	/** The cache's lease time: how long a load cut by the crash can hold up its key. */
	static final Duration LEASE_TIME = Duration.ofSeconds(2);

	/**
	 * The longest a {@code getOrSet} may take: waiting out a lease that the crash left
	 * behind, then a read, a lease and a write that each time out.
	 */
	static final Duration LONGEST_CACHE_CALL = LEASE_TIME.plus(TIMEOUT.plusMillis(250).multipliedBy(3));

	/** Traffic before the crash, so that there are acknowledged writes to lose. */
	private static final Duration BEFORE_CRASH = Duration.ofSeconds(2);

	/** Traffic after the outage, so that recovery is checked on many calls. */
	private static final Duration AFTER_OUTAGE = Duration.ofSeconds(2);

	/**
	 * Starts a deployment of this test's own, which it may crash.
	 * @return the running deployment
	 */
	protected abstract D startDeployment();

	/**
	 * The master to crash: the one that serves the subscriber's pub/sub connection (made
	 * a master first if it is a replica), so that its subscriptions must be restored.
	 * @param deployment the deployment
	 * @param subscriber the client whose pub/sub connection is open
	 * @return the master
	 */
	protected abstract RedisServerProcess masterToCrash(D deployment, LettuceRedisClient subscriber);

	/**
	 * Which keys a master serves.
	 * @param deployment the deployment
	 * @param master the master
	 * @return true for a key, as stored, that the master serves
	 */
	protected abstract Predicate<String> keysServedBy(D deployment, RedisServerProcess master);

	/**
	 * Waits until a replica has taken over from the crashed master.
	 * @param deployment the deployment
	 * @param crashed the killed master
	 * @param key a key it served, as stored
	 * @return the new master of that key
	 */
	protected abstract RedisServerProcess awaitPromotion(D deployment, RedisServerProcess crashed, String key);

	@Test
	void cacheSessionsAndPubSubKeepTheirGuaranteesAcrossAMasterCrash() throws Exception {
		String prefix = RedisTopology.uniquePrefix("failover");
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		try (D deployment = startDeployment();
				LettuceRedisClient app = deployment.clientBuilder()
					.prefix(prefix)
					.timeout(TIMEOUT)
					.meterRegistry(meters)
					.build();
				LettuceRedisClient peer = deployment.clientBuilder().prefix(prefix).timeout(TIMEOUT).build();
				RedisCache computing = TrafficThread
					.setUp(() -> new RedisCache(app, cacheOptions("cache", CacheFailurePolicy.COMPUTE)));
				RedisCache failing = TrafficThread
					.setUp(() -> new RedisCache(app, cacheOptions("strict", CacheFailurePolicy.FAIL)));
				RedisPubSubService subscriber = new RedisPubSubService(app);
				RedisPubSubService publisher = new RedisPubSubService(peer)) {
			PubSubTraffic pubsub = TrafficThread.setUp(() -> new PubSubTraffic(subscriber, publisher));
			RedisServerProcess master = masterToCrash(deployment, app);
			Predicate<String> onMaster = keysServedBy(deployment, master);
			CacheTraffic computeTraffic = new CacheTraffic("computing", computing, onMaster, meters);
			CacheTraffic failTraffic = new CacheTraffic("failing", failing, onMaster, meters);
			SessionTraffic sessions = new SessionTraffic(new RedisSessionStore(app), app, onMaster, 16);
			List<TrafficThread> traffic = List.of(computeTraffic, failTraffic, sessions, pubsub);
			traffic.forEach(TrafficThread::start);
			Thread.sleep(BEFORE_CRASH.toMillis());

			// Taken before the kill: connections break while it is under way.
			long killedAt = System.nanoTime();
			master.kill();
			RedisServerProcess promoted = awaitPromotion(deployment, master, computeTraffic.hotRedisKey());
			long promotedAt = System.nanoTime();
			sessions.readAtPromotion(promoted);
			Failover failover = new Failover(killedAt, promotedAt, RECOVERY, REPLICATION_BOUND);
			Thread.sleep(Math.max(0, (failover.outageEnd() - System.nanoTime()) / 1_000_000 + AFTER_OUTAGE.toMillis()));
			for (TrafficThread thread : traffic) {
				thread.close();
			}

			System.out.printf("%s failover: promotion %d ms after the crash%n", deployment.name(),
					failover.millisAfterKill(promotedAt));
			System.out.println("  " + computeTraffic.summary(failover));
			System.out.println("  " + failTraffic.summary(failover));
			System.out.println("  " + sessions.summary(failover));
			System.out.println("  " + pubsub.summary(failover));
			Checks checks = new Checks();
			computeTraffic.check(checks, failover, LONGEST_CACHE_CALL);
			failTraffic.check(checks, failover, LONGEST_CACHE_CALL);
			sessions.check(checks, failover);
			pubsub.check(checks, failover);
			checks.assertAll();
		}
	}

	private static RedisCacheOptions cacheOptions(String namespace, CacheFailurePolicy onFailure) {
		RedisCacheOptions defaults = RedisCacheOptions.defaults();
		return new RedisCacheOptions(namespace, null, defaults.nullTtl(), LEASE_TIME, false,
				defaults.earlyRefreshBeta(), namespace, onFailure);
	}

}
