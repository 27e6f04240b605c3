package com.earnbase.redis.session;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which {@link SessionStore} overload the compiler picks: a {@code Map<String, Object>}
 * argument must select the {@code Map} methods. Overloads are chosen at compile time, so
 * an implementation that records the method it was called through is all this needs (the
 * behaviour of each method is tested against Redis elsewhere).
 */
class SessionStoreOverloadsUnitTests {

	private final RecordingStore store = new RecordingStore();

	record Cart(List<String> items) {
	}

	@Test
	void mapOfStringToObjectSelectsTheMapMethods() {
		this.store.create(Map.of("userId", "u-1", "visits", 3));
		assertThat(this.store.called).isEqualTo("create(Map)");
		Map<String, Object> data = new HashMap<>();
		this.store.create(data);
		assertThat(this.store.called).isEqualTo("create(Map)");
		this.store.create(new LinkedHashMap<String, Object>());
		assertThat(this.store.called).isEqualTo("create(Map)");
		this.store.update("id", Map.of("step", 2));
		assertThat(this.store.called).isEqualTo("update(String, Map)");
		this.store.create("alice", Map.of("device", "phone"));
		assertThat(this.store.called).isEqualTo("create(String, Map)");
	}

	@Test
	void otherObjectsSelectTheTypedMethods() {
		this.store.create(new Cart(List.of("apple")));
		assertThat(this.store.called).isEqualTo("create(T)");
		Map<String, String> strings = Map.of("userId", "u-1");
		this.store.create(strings);
		assertThat(this.store.called).isEqualTo("create(T)");
		this.store.update("id", new Cart(List.of()));
		assertThat(this.store.called).isEqualTo("update(String, T)");
		this.store.create("alice", new Cart(List.of()));
		assertThat(this.store.called).isEqualTo("create(String, T)");
		// A lone String is data (rejected at run time as not a JSON object), never an
		// owner id.
		this.store.create("alice");
		assertThat(this.store.called).isEqualTo("create(T)");
	}

	/** Remembers which method was called. */
	private static final class RecordingStore implements SessionStore {

		private String called;

		private String record(String method) {
			this.called = method;
			return method;
		}

		@Override
		public String create(Map<String, Object> data) {
			return record("create(Map)");
		}

		@Override
		public Map<String, Object> get(String sessionId) {
			record("get(String)");
			return Map.of();
		}

		@Override
		public Optional<Map<String, Object>> find(String sessionId) {
			record("find(String)");
			return Optional.empty();
		}

		@Override
		public void update(String sessionId, Map<String, Object> data) {
			record("update(String, Map)");
		}

		@Override
		public void delete(String sessionId) {
			record("delete(String)");
		}

		@Override
		public boolean touch(String sessionId) {
			record("touch(String)");
			return false;
		}

		@Override
		public <T> String create(T data) {
			return record("create(T)");
		}

		@Override
		public <T> T get(String sessionId, Class<T> type) {
			record("get(String, Class)");
			return null;
		}

		@Override
		public <T> void update(String sessionId, T data) {
			record("update(String, T)");
		}

		@Override
		public String create(String ownerId, Map<String, Object> data) {
			return record("create(String, Map)");
		}

		@Override
		public <T> String create(String ownerId, T data) {
			return record("create(String, T)");
		}

		@Override
		public List<String> list(String ownerId) {
			record("list(String)");
			return List.of();
		}

		@Override
		public int deleteAll(String ownerId) {
			record("deleteAll(String)");
			return 0;
		}

		@Override
		public String regenerate(String sessionId) {
			return record("regenerate(String)");
		}

	}

}
