package com.earnbase.sample.events;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import com.earnbase.redis.pubsub.PubSubService;
import com.earnbase.redis.pubsub.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Fans the events of channel {@value #CHANNEL} out to this instance's SSE clients: ONE
 * subscription per instance, made at start-up, however many clients are connected.
 * Stopped before the web server's graceful shutdown, so that open streams end instead of
 * holding the shutdown up.
 */
@Component
public class EventBroadcaster implements SmartLifecycle {

	/** The pub/sub channel, without prefix or namespace. */
	public static final String CHANNEL = "events";

	/**
	 * How long one stream stays open; clients such as EventSource reconnect by
	 * themselves.
	 */
	static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

	private static final Logger log = LoggerFactory.getLogger(EventBroadcaster.class);

	private final PubSubService pubsub;

	private final Set<SseEmitter> emitters = new CopyOnWriteArraySet<>();

	private volatile Subscription subscription;

	EventBroadcaster(PubSubService pubsub) {
		this.pubsub = pubsub;
	}

	@Override
	public void start() {
		this.subscription = this.pubsub.subscribe(CHANNEL, Event.class, this::forward);
	}

	@Override
	public void stop() {
		Subscription current = this.subscription;
		this.subscription = null;
		if (current != null) {
			current.close();
		}
		this.emitters.forEach(SseEmitter::complete);
		this.emitters.clear();
	}

	@Override
	public boolean isRunning() {
		return this.subscription != null;
	}

	/**
	 * Opens a stream for one client; it receives every event published from now on.
	 * @return the emitter that the controller returns
	 * @throws IOException when the client is already gone
	 */
	SseEmitter connect() throws IOException {
		SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
		emitter.onCompletion(() -> this.emitters.remove(emitter));
		emitter.onTimeout(() -> this.emitters.remove(emitter));
		emitter.onError((error) -> this.emitters.remove(emitter));
		this.emitters.add(emitter);
		// Sent after registering: a client that has read this comment receives every
		// later event.
		emitter.send(SseEmitter.event().comment("connected"));
		return emitter;
	}

	private void forward(Event event) {
		for (SseEmitter emitter : this.emitters) {
			try {
				emitter.send(SseEmitter.event().id(event.id()).name("event").data(event, MediaType.APPLICATION_JSON));
			}
			catch (IOException | IllegalStateException ex) {
				// The client went away (or the stream completed meanwhile); Spring
				// completes the emitter.
				this.emitters.remove(emitter);
				log.atDebug().setCause(ex).log("Dropped an SSE client that went away");
			}
		}
	}

}
