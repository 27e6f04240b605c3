package com.earnbase.redis.failover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import com.earnbase.redis.pubsub.PubSubService;
import com.earnbase.redis.support.Failures;
import com.earnbase.redis.testsupport.RedisServerProcess;

/**
 * Steady publishing from one client to a subscriber on another: numbered messages, each
 * publish recorded with when it was acknowledged, each delivery in arrival order, and
 * every {@code onResubscribed} call of the subscriber's service.
 */
final class PubSubTraffic extends TrafficThread {

	private static final String CHANNEL = "events";

	private final PubSubService publisher;

	private final ConcurrentLinkedQueue<Publish> published = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<Long> resubscribed = new ConcurrentLinkedQueue<>();

	private int sequence;

	/**
	 * Subscribes and listens for resubscriptions; returns once Redis confirmed the
	 * subscription.
	 * @param subscriber the service that receives
	 * @param publisher the service that publishes
	 */
	PubSubTraffic(PubSubService subscriber, PubSubService publisher) {
		super("pubsub", 5);
		this.publisher = publisher;
		subscriber.onResubscribed(() -> this.resubscribed.add(System.nanoTime()));
		subscriber.subscribe(CHANNEL, Integer.class, this.received::add);
	}

	@Override
	void step() {
		int message = ++this.sequence;
		long start = System.nanoTime();
		try {
			this.publisher.publish(CHANNEL, message);
			this.published.add(new Publish(message, start, System.nanoTime(), null));
		}
		catch (RuntimeException ex) {
			this.published.add(new Publish(message, start, System.nanoTime(), ex));
		}
	}

	/**
	 * Checks the deliveries against the guarantees; call after {@link #close()}.
	 * @param checks collects the broken guarantees
	 * @param failover the crash
	 */
	void check(Checks checks, Failover failover) {
		List<Publish> all = List.copyOf(this.published);
		checks.expect(crashes().isEmpty(), "pub/sub traffic crashed: %s", crashes());
		Long firstResubscribed = this.resubscribed.stream()
			.filter((at) -> at > failover.killedAt())
			.findFirst()
			.orElse(null);
		checks.expect(firstResubscribed != null, "onResubscribed called after the crash");
		if (firstResubscribed != null) {
			checks.expect(firstResubscribed <= failover.outageEnd(),
					"onResubscribed called within %s of the promotion, not %d ms after it", failover.recovery(),
					failover.millisAfterPromotion(firstResubscribed));
		}
		checks.expectNone("publishes fail only during the outage, with 'Redis unavailable'",
				all.stream()
					.filter((publish) -> publish.failure() != null && (!Failures.isUnavailable(publish.failure())
							|| !failover.overlapsOutage(publish.start(), publish.end())))
					.map((publish) -> String.format("message %d at %+d ms from the crash: %s", publish.message(),
							failover.millisAfterKill(publish.start()), publish.failure())));
		long resubscribedAt = (firstResubscribed != null) ? firstResubscribed : Long.MAX_VALUE;
		Set<Integer> required = all.stream()
			.filter((publish) -> publish.failure() == null
					&& (failover.mustSurvive(publish.end()) || publish.start() > resubscribedAt))
			.map(Publish::message)
			.collect(Collectors.toSet());
		checks.expect(all.stream().anyMatch((publish) -> publish.failure() == null && publish.start() > resubscribedAt),
				"messages published after onResubscribed");
		try {
			RedisServerProcess.awaitUntil("every required message", Duration.ofSeconds(5),
					() -> new HashSet<>(this.received).containsAll(required));
		}
		catch (IllegalStateException ex) {
			// reported below
		}
		List<Integer> arrived = List.copyOf(this.received);
		Set<Integer> arrivedSet = new HashSet<>(arrived);
		checks.expectNone("messages published before the crash (acknowledged more than " + failover.replicationBound()
			.toMillis() + " ms before it) and after onResubscribed arrive", all.stream()
				.filter((publish) -> required.contains(publish.message()) && !arrivedSet.contains(publish.message()))
				.map((publish) -> String.format("message %d sent at %+d ms from the crash", publish.message(),
						failover.millisAfterKill(publish.start()))));
		List<String> disorder = new ArrayList<>();
		for (int i = 1; i < arrived.size(); i++) {
			if (arrived.get(i) <= arrived.get(i - 1)) {
				disorder.add(arrived.get(i) + " after " + arrived.get(i - 1));
			}
		}
		checks.expectNone("each message arrives at most once, in publish order", disorder.stream());
	}

	/**
	 * A line for the test's output.
	 * @param failover the crash
	 * @return what the subscriber saw
	 */
	String summary(Failover failover) {
		List<Publish> all = List.copyOf(this.published);
		Set<Integer> arrived = new HashSet<>(this.received);
		List<Integer> lost = new ArrayList<>();
		for (Publish publish : all) {
			if (publish.failure() == null && !arrived.contains(publish.message())) {
				lost.add(publish.message());
			}
		}
		List<Long> afterPromotion = this.resubscribed.stream().map(failover::millisAfterPromotion).toList();
		return String.format(
				"pub/sub: %d published, %d failed, %d acknowledged but not delivered; onResubscribed %s ms after "
						+ "the promotion",
				all.size(), all.stream().filter((publish) -> publish.failure() != null).count(), lost.size(),
				afterPromotion);
	}

	/**
	 * One publish: the message number, when it was sent and acknowledged, its failure.
	 */
	record Publish(int message, long start, long end, Throwable failure) {
	}

}
