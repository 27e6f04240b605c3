package com.earnbase.sample.events;

import java.time.Instant;
import java.util.Map;

/**
 * An event as it travels through Redis pub/sub and reaches the SSE clients of every
 * instance.
 *
 * @param id a random id, also the SSE event id
 * @param origin the instance that published it ({@code <application name>:<port>})
 * @param publishedAt when it was published
 * @param payload the JSON object that was POSTed
 */
public record Event(String id, String origin, Instant publishedAt, Map<String, Object> payload) {

}
