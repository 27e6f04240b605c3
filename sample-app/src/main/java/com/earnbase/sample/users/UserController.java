package com.earnbase.sample.users;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.earnbase.redis.cache.Cache;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /users/{id}}: the slow repository behind {@link Cache#getOrSet}, shared by
 * every instance. Unknown ids are cached too (as "absent", for
 * {@code earnbase.redis.cache.null-ttl}), so repeated 404s do not reach the repository
 * either.
 */
@RestController
@RequestMapping("/users")
class UserController {

	static final Duration USER_TTL = Duration.ofMinutes(5);

	private final Cache cache;

	private final SlowUserRepository repository;

	UserController(Cache cache, SlowUserRepository repository) {
		this.cache = cache;
		this.repository = repository;
	}

	@GetMapping("/{id}")
	ResponseEntity<UserLookup> get(@PathVariable String id) {
		long start = System.nanoTime();
		// A miss is a request whose own factory ran; one served from Redis, or by another
		// caller's load that it
		// waited for, is a hit.
		AtomicBoolean loaded = new AtomicBoolean();
		User user = this.cache.getOrSet(cacheKey(id), User.class, USER_TTL, () -> {
			loaded.set(true);
			return this.repository.findById(id);
		});
		UserLookup body = new UserLookup(user, loaded.get() ? "miss" : "hit",
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		return ResponseEntity.status((user != null) ? HttpStatus.OK : HttpStatus.NOT_FOUND).body(body);
	}

	/**
	 * Forgets a cached user (e.g. after it changed), so that the next lookup reads the
	 * repository again.
	 */
	@DeleteMapping("/{id}/cache")
	ResponseEntity<Void> evict(@PathVariable String id) {
		return this.cache.evict(cacheKey(id)) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

	private static String cacheKey(String id) {
		return "user:" + id;
	}

	/**
	 * The response of a lookup.
	 *
	 * @param user the user, null when there is none
	 * @param cache {@code hit} or {@code miss}
	 * @param tookMs how long the lookup took
	 */
	record UserLookup(User user, String cache, long tookMs) {

	}

}
