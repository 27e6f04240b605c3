package com.earnbase.sample.users;

import java.time.Duration;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Repository;

/**
 * Stands in for a slow database: a few users in memory, each lookup taking
 * {@code sample.users.latency} (200 ms by default), so that the cache in front of it
 * makes a visible difference.
 */
@Repository
public class SlowUserRepository {

	private static final Map<String, User> USERS = Map.of("1", new User("1", "Ada Lovelace", "ada@example.com"), "2",
			new User("2", "Alan Turing", "alan@example.com"), "3", new User("3", "Grace Hopper", "grace@example.com"));

	private final Duration latency;

	SlowUserRepository(@Value("${sample.users.latency:200ms}") Duration latency) {
		this.latency = latency;
	}

	/**
	 * Looks a user up, slowly.
	 * @param id the id
	 * @return the user, or null when there is none
	 */
	public User findById(String id) {
		try {
			Thread.sleep(this.latency.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while looking up a user", ex);
		}
		return USERS.get(id);
	}

}
