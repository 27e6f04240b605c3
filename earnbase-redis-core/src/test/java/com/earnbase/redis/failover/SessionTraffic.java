package com.earnbase.redis.failover;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.session.RedisSessionStore;
import com.earnbase.redis.support.Failures;
import com.earnbase.redis.testsupport.RedisServerProcess;

/**
 * Steady session traffic on the crashed master: one writer updates a fixed set of
 * sessions of one owner round-robin, each with a version one higher than its last, and
 * creates and deletes further sessions of that owner. Every call is recorded with when it
 * was acknowledged, and the versions on the promoted replica are read right after the
 * promotion, so that lost acknowledged writes can be counted and their age checked.
 */
final class SessionTraffic extends TrafficThread {

	private static final Pattern VERSION = Pattern.compile("\"v\":(\\d+)");

	private final RedisSessionStore store;

	private final RedisClient client;

	private final String owner;

	private final List<String> ids = new ArrayList<>();

	/** The last version sent per session; only touched by the traffic thread. */
	private final int[] versions;

	/** Created sessions not deleted yet, oldest first; only touched by the thread. */
	private final ArrayDeque<String> created = new ArrayDeque<>();

	private final ConcurrentLinkedQueue<Update> updates = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<Lifecycle> lifecycle = new ConcurrentLinkedQueue<>();

	private int round;

	/** Creates that failed during the set-up: they may have stored a session. */
	private int uncertainCreates;

	private volatile Map<String, Integer> atPromotion = Map.of();

	/**
	 * Finds an owner whose sessions live on the master, and creates its sessions.
	 * @param store the store
	 * @param client the store's client, for its key prefix
	 * @param onMaster whether a Redis key lives on the master that will be killed
	 * @param sessions how many sessions to update round-robin
	 */
	SessionTraffic(RedisSessionStore store, RedisClient client, Predicate<String> onMaster, int sessions) {
		super("sessions", 2);
		this.store = store;
		this.client = client;
		String found = null;
		for (int i = 0; found == null; i++) {
			String candidate = "owner-" + i;
			// An owner's sessions share the slot of its first: the tag comes from the
			// owner id.
			String id = create(candidate);
			if (onMaster.test(redisKey(id))) {
				found = candidate;
				this.ids.add(id);
			}
			else {
				setUp(() -> store.deleteAll(candidate));
			}
		}
		this.owner = found;
		while (this.ids.size() < sessions) {
			this.ids.add(create(this.owner));
		}
		this.versions = new int[sessions];
	}

	/**
	 * Creates a session before the crash; a create that timed out may have stored a
	 * session nobody knows, which the owner's index then lists.
	 */
	private String create(String ownerId) {
		while (true) {
			try {
				return this.store.create(ownerId, Map.of("v", 0));
			}
			catch (RuntimeException ex) {
				if (!Failures.isUnavailable(ex) || ++this.uncertainCreates > 10) {
					throw ex;
				}
			}
		}
	}

	/** The key of a session, as the README's key layout gives it. */
	private String redisKey(String id) {
		return this.client.key(this.store.options().namespace() + ":{" + id.substring(0, 3) + "}:" + id);
	}

	@Override
	void step() {
		int session = this.round % this.ids.size();
		int version = ++this.versions[session];
		long start = System.nanoTime();
		try {
			this.store.update(this.ids.get(session), Map.of("v", version));
			this.updates.add(new Update(session, version, start, System.nanoTime(), null));
		}
		catch (RuntimeException ex) {
			this.updates.add(new Update(session, version, start, System.nanoTime(), ex));
		}
		if (this.round % 4 == 0) {
			start = System.nanoTime();
			try {
				String id = this.store.create(this.owner, Map.of("v", 0));
				this.created.add(id);
				this.lifecycle.add(new Lifecycle(id, true, start, System.nanoTime(), null));
			}
			catch (RuntimeException ex) {
				this.lifecycle.add(new Lifecycle(null, true, start, System.nanoTime(), ex));
			}
		}
		if (this.round % 4 == 2 && this.created.size() > 3) {
			String id = this.created.poll();
			start = System.nanoTime();
			try {
				this.store.delete(id);
				this.lifecycle.add(new Lifecycle(id, false, start, System.nanoTime(), null));
			}
			catch (RuntimeException ex) {
				this.lifecycle.add(new Lifecycle(id, false, start, System.nanoTime(), ex));
			}
		}
		this.round++;
	}

	/**
	 * Reads the versions of the updated sessions on the promoted replica, without
	 * renewing them; called right after the promotion.
	 * @param promoted the new master
	 */
	void readAtPromotion(RedisServerProcess promoted) {
		Map<String, Integer> read = new HashMap<>();
		promoted.call((commands) -> {
			for (String id : this.ids) {
				String data = commands.hget(redisKey(id), "data");
				if (data != null) {
					read.put(id, version(data));
				}
			}
			return null;
		});
		this.atPromotion = read;
	}

	private static int version(String json) {
		Matcher matcher = VERSION.matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("no version in " + json);
		}
		return Integer.parseInt(matcher.group(1));
	}

	/**
	 * Checks the calls and what Redis holds against the sessions' guarantees; call after
	 * {@link #close()}.
	 * @param checks collects the broken guarantees
	 * @param failover the crash
	 */
	void check(Checks checks, Failover failover) {
		List<Update> allUpdates = List.copyOf(this.updates);
		List<Lifecycle> allLifecycle = List.copyOf(this.lifecycle);
		checks.expect(crashes().isEmpty(), "session traffic crashed: %s", crashes());
		checks.expect(
				allUpdates.stream()
					.anyMatch((update) -> update.failure() == null && update.start() > failover.outageEnd()),
				"session updates acknowledged after the outage ended (promotion + %s)", failover.recovery());
		List<Call> calls = new ArrayList<>();
		allUpdates.forEach((update) -> calls.add(new Call("update", update.start(), update.end(), update.failure())));
		allLifecycle.forEach((change) -> calls
			.add(new Call(change.create() ? "create" : "delete", change.start(), change.end(), change.failure())));
		checks.expectNone("session calls fail only during the outage, with 'Redis unavailable' (never 'not found')",
				calls.stream()
					.filter((call) -> call.failure() != null && (!Failures.isUnavailable(call.failure())
							|| !failover.overlapsOutage(call.start(), call.end())))
					.map((call) -> String.format("%s at %+d ms from the crash: %s", call.operation(),
							failover.millisAfterKill(call.start()), call.failure())));
		checks.expect(
				allUpdates.stream()
					.anyMatch((update) -> update.failure() == null && failover.mustSurvive(update.end())),
				"session updates acknowledged more than %s before the crash (the durability check is not empty)",
				failover.replicationBound());
		List<String> lostOnPromotion = new ArrayList<>();
		List<String> wrongAfter = new ArrayList<>();
		for (int session = 0; session < this.ids.size(); session++) {
			String id = this.ids.get(session);
			int current = session;
			int required = lastAcked(allUpdates, session, failover.killedAt() - failover.replicationBound().toNanos());
			Integer promoted = this.atPromotion.get(id);
			if (promoted == null || promoted < required) {
				lostOnPromotion.add("session " + session + ": version " + promoted + " < " + required);
			}
			int lastAcked = lastAcked(allUpdates, session, Long.MAX_VALUE);
			int lastSent = allUpdates.stream()
				.filter((update) -> update.session() == current)
				.mapToInt(Update::version)
				.max()
				.orElse(0);
			Integer now = this.store.find(id).map((data) -> ((Number) data.get("v")).intValue()).orElse(null);
			if (now == null || now < lastAcked || now > lastSent) {
				wrongAfter
					.add("session " + session + ": version " + now + " not in [" + lastAcked + ", " + lastSent + "]");
			}
		}
		checks.expectNone("on the promoted replica, every session has the updates acknowledged more than "
				+ failover.replicationBound().toMillis() + " ms before the crash", lostOnPromotion.stream());
		checks.expectNone("after the failover, every session has its last acknowledged update or a later one",
				wrongAfter.stream());
		Set<String> known = new HashSet<>(this.ids);
		Set<String> existing = new HashSet<>(this.ids);
		List<String> lostCreates = new ArrayList<>();
		List<String> resurrected = new ArrayList<>();
		for (Lifecycle change : allLifecycle) {
			if (change.id() == null || !change.create()) {
				continue;
			}
			known.add(change.id());
			Lifecycle deleted = allLifecycle.stream()
				.filter((other) -> !other.create() && change.id().equals(other.id()))
				.findFirst()
				.orElse(null);
			boolean exists = this.store.find(change.id()).isPresent();
			if (exists) {
				existing.add(change.id());
			}
			if (deleted == null && !exists && failover.mustSurvive(change.end())) {
				lostCreates.add("created at " + failover.millisAfterKill(change.end()) + " ms from the crash");
			}
			if (deleted != null && deleted.failure() == null && exists
					&& (failover.mustSurvive(deleted.end()) || deleted.start() > failover.promotedAt())) {
				resurrected.add("deleted at " + failover.millisAfterKill(deleted.end()) + " ms from the crash");
			}
		}
		checks.expectNone("sessions created more than " + failover.replicationBound().toMillis()
				+ " ms before the crash (and not deleted) exist", lostCreates.stream());
		checks.expectNone("sessions deleted more than " + failover.replicationBound().toMillis()
				+ " ms before the crash or after the promotion stay deleted", resurrected.stream());
		Set<String> listed = new HashSet<>(this.store.list(this.owner));
		Set<String> listedKnown = new HashSet<>(listed);
		listedKnown.retainAll(known);
		checks.expect(listedKnown.equals(existing),
				"the owner's index lists exactly its existing sessions (a session and its index entry are written by "
						+ "one script and fail over together): listed %s, existing %s",
				listedKnown, existing);
		// A create that failed may have run: its session is unknown to the caller, but
		// listed.
		long failedCreates = this.uncertainCreates
				+ allLifecycle.stream().filter((change) -> change.create() && change.failure() != null).count();
		checks.expect(listed.size() - listedKnown.size() <= failedCreates,
				"the owner's index lists no more unknown sessions than creates failed (%d): %d", failedCreates,
				listed.size() - listedKnown.size());
	}

	private static int lastAcked(List<Update> updates, int session, long ackedBefore) {
		return updates.stream()
			.filter((update) -> update.session() == session && update.failure() == null && update.end() < ackedBefore)
			.mapToInt(Update::version)
			.max()
			.orElse(0);
	}

	/**
	 * A line for the test's output.
	 * @param failover the crash
	 * @return what the sessions saw
	 */
	String summary(Failover failover) {
		List<Update> allUpdates = List.copyOf(this.updates);
		int lost = 0;
		long oldestLostAckNanos = -1;
		for (int session = 0; session < this.ids.size(); session++) {
			Integer promoted = this.atPromotion.get(this.ids.get(session));
			for (Update update : allUpdates) {
				if (update.session() == session && update.failure() == null && update.end() < failover.killedAt()
						&& (promoted == null || update.version() > promoted)) {
					lost++;
					oldestLostAckNanos = Math.max(oldestLostAckNanos, failover.killedAt() - update.end());
				}
			}
		}
		long failed = allUpdates.stream().filter((update) -> update.failure() != null).count();
		long firstAfter = allUpdates.stream()
			.filter((update) -> update.failure() == null && update.start() > failover.promotedAt())
			.mapToLong(Update::end)
			.min()
			.orElse(-1);
		return String.format(
				"sessions: %d updates, %d failed; %d acknowledged before the crash were lost%s; first update "
						+ "acknowledged %d ms after the promotion",
				allUpdates.size(), failed, lost,
				(lost > 0) ? " (the oldest acknowledged " + TimeUnit.NANOSECONDS.toMillis(oldestLostAckNanos)
						+ " ms before the crash)" : "",
				(firstAfter < 0) ? -1 : failover.millisAfterPromotion(firstAfter));
	}

	/** One update: the session's index, the version it wrote, when, and its failure. */
	record Update(int session, int version, long start, long end, Throwable failure) {
	}

	/** One create or delete of a further session. */
	record Lifecycle(String id, boolean create, long start, long end, Throwable failure) {
	}

	private record Call(String operation, long start, long end, Throwable failure) {
	}

}
