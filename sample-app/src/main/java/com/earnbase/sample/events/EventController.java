package com.earnbase.sample.events;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.earnbase.redis.pubsub.PubSubService;

import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code POST /events} publishes a JSON object on channel
 * {@value EventBroadcaster#CHANNEL}; {@code GET
 * /events/stream} is a server-sent-events stream of every event published by any instance
 * on the same Redis and prefix.
 */
@RestController
class EventController {

	private final PubSubService pubsub;

	private final EventBroadcaster broadcaster;

	private final Environment environment;

	EventController(PubSubService pubsub, EventBroadcaster broadcaster, Environment environment) {
		this.pubsub = pubsub;
		this.broadcaster = broadcaster;
		this.environment = environment;
	}

	@PostMapping("/events")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Published publish(@RequestBody Map<String, Object> payload) {
		Event event = new Event(UUID.randomUUID().toString(), origin(), Instant.now(), payload);
		long receivers = this.pubsub.publish(EventBroadcaster.CHANNEL, event);
		return new Published(event.id(), receivers);
	}

	@GetMapping(path = "/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream() throws IOException {
		return this.broadcaster.connect();
	}

	private String origin() {
		return this.environment.getProperty("spring.application.name", "sample") + ":"
				+ this.environment.getProperty("local.server.port", "?");
	}

	/**
	 * The answer to a publication.
	 *
	 * @param id the event's id
	 * @param receivers how many instances were subscribed and received it
	 */
	record Published(String id, long receivers) {

	}

}
