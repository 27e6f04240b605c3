package com.earnbase.sample.sessions;

import java.net.URI;
import java.util.Map;

import com.earnbase.redis.session.SessionStore;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Server-side sessions through {@link SessionStore}: any JSON object as the session's
 * data, under an unguessable id with a time to live ({@code earnbase.redis.session.ttl})
 * that reading renews. A real application carries the id in a cookie or a header rather
 * than in the path; the path keeps the walkthrough short.
 */
@RestController
@RequestMapping("/sessions")
class SessionController {

	private final SessionStore sessions;

	SessionController(SessionStore sessions) {
		this.sessions = sessions;
	}

	@PostMapping
	ResponseEntity<Map<String, String>> create(@RequestBody Map<String, Object> data) {
		String id = this.sessions.create(data);
		return ResponseEntity.created(URI.create("/sessions/" + id)).body(Map.of("id", id));
	}

	/**
	 * The session's data; a missing session is answered 404 by
	 * {@code ApiExceptionHandler}.
	 */
	@GetMapping("/{id}")
	Map<String, Object> get(@PathVariable String id) {
		return this.sessions.get(id);
	}

	/** Replaces the session's data; a session that is gone is not created again (404). */
	@PutMapping("/{id}")
	Map<String, Object> replace(@PathVariable String id, @RequestBody Map<String, Object> data) {
		this.sessions.update(id, data);
		return data;
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.sessions.delete(id);
		return ResponseEntity.noContent().build();
	}

}
