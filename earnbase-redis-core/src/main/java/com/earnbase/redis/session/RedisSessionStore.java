package com.earnbase.redis.session;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.earnbase.redis.EarnbaseRedisException;
import com.earnbase.redis.JsonType;
import com.earnbase.redis.RedisClient;
import com.earnbase.redis.support.Arguments;
import com.earnbase.redis.support.PrimitiveSupport;
import com.earnbase.redis.support.RedisScript;
import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SessionStore} on Redis. Each session is a hash under
 * {@code <prefix><namespace>:{<tag>}:<id>}; an owner's index is a sorted set under
 * {@code <prefix><namespace>:{<tag>}:owner:<sha-256 of the owner id>} scored by each
 * session's expiry time, pruned by that score (no keyspace notifications). Every mutation
 * is one Lua script; the keys one script touches share the {@code {tag}}, hence one hash
 * slot on Redis Cluster (see {@link SessionIds}).
 * <p>
 * Counts every call in {@code earnbase.redis.session.operations}, tagged
 * {@code operation} and {@code outcome} ({@code success}, {@code not_found},
 * {@code invalid_id} for a malformed id, {@code error} when Redis failed). Session ids
 * appear in no log, metric tag or exception message.
 */
public final class RedisSessionStore implements SessionStore {

	/** The counter of store operations. */
	public static final String OPERATIONS_METRIC = "earnbase.redis.session.operations";

	private static final JsonType<Map<String, Object>> MAP_TYPE = new JsonType<>() {
	};

	private static final Logger logger = LoggerFactory.getLogger(RedisSessionStore.class);

	private static final String COMMON = RedisScript.load(RedisSessionStore.class, "common.lua", "session").source();

	private static final RedisScript CREATE = script("create.lua", "session.create");

	private static final RedisScript GET = script("get.lua", "session.get");

	private static final RedisScript RENEW = script("renew.lua", "session.renew");

	private static final RedisScript DELETE = script("delete.lua", "session.delete");

	private static final RedisScript REGENERATE = script("regenerate.lua", "session.regenerate");

	private static final RedisScript LIST = script("list.lua", "session.list");

	private static final RedisScript DELETE_ALL = script("delete-all.lua", "session.delete-all");

	private final PrimitiveSupport client;

	private final SessionStoreOptions options;

	private final String ttlMillis;

	/** Stands for a session's key in error messages, which must not contain the id. */
	private final String redactedKey;

	private final SessionIds ids = new SessionIds();

	private final SessionMetrics metrics;

	/**
	 * Creates a store with the default options: namespace {@code session}, 30 minutes,
	 * sliding.
	 * @param client a client from {@link RedisClient#connect(String)} or
	 * {@link RedisClient#builder()}
	 * @throws IllegalArgumentException when the client was not built by this library
	 */
	public RedisSessionStore(RedisClient client) {
		this(client, SessionStoreOptions.defaults());
	}

	/**
	 * Creates a store.
	 * @param client a client from {@link RedisClient#connect(String)} or
	 * {@link RedisClient#builder()}
	 * @param options the namespace, time to live and sliding flag
	 * @throws IllegalArgumentException when the client was not built by this library
	 */
	public RedisSessionStore(RedisClient client, SessionStoreOptions options) {
		this.client = PrimitiveSupport.of(client);
		this.options = Arguments.requireNonNull("options", options);
		this.ttlMillis = Long.toString(options.ttl().toMillis());
		this.redactedKey = this.client.prefix() + options.namespace() + ":*";
		this.metrics = new SessionMetrics(this.client.meterRegistry());
	}

	private static RedisScript script(String resource, String name) {
		return RedisScript.of(name, COMMON + RedisScript.load(RedisSessionStore.class, resource, name).source());
	}

	/**
	 * The options of this store.
	 * @return the options
	 */
	public SessionStoreOptions options() {
		return this.options;
	}

	// --- create
	// ------------------------------------------------------------------------------------------

	@Override
	public String create(Map<String, Object> data) {
		return insert(null, data);
	}

	@Override
	public <T> String create(T data) {
		return insert(null, data);
	}

	@Override
	public String create(String ownerId, Map<String, Object> data) {
		return insert(Arguments.requireText("ownerId", ownerId), data);
	}

	@Override
	public <T> String create(String ownerId, T data) {
		return insert(Arguments.requireText("ownerId", ownerId), data);
	}

	private String insert(String ownerId, Object data) {
		String json = toJson("create", data);
		String id;
		String[] keys;
		if (ownerId == null) {
			id = this.ids.newId();
			keys = new String[] { sessionKey(id) };
		}
		else {
			String ownerHash = SessionIds.ownerHash(ownerId);
			id = this.ids.newId(ownerHash.substring(0, SessionIds.TAG_LENGTH));
			keys = new String[] { sessionKey(id), indexKey(ownerHash) };
		}
		Long created = call("create", CREATE, ScriptOutputType.INTEGER, keys, json, this.ttlMillis, id);
		if (created == 0) {
			throw brokenRandom("create");
		}
		record("create", "success");
		return id;
	}

	// --- read
	// --------------------------------------------------------------------------------------------

	@Override
	public Map<String, Object> get(String sessionId) {
		return require("get", read("get", sessionId, MAP_TYPE));
	}

	@Override
	public <T> T get(String sessionId, Class<T> type) {
		Arguments.requireNonNull("type", type);
		return require("get", read("get", sessionId, JsonType.of(type)));
	}

	@Override
	public Optional<Map<String, Object>> find(String sessionId) {
		return Optional.ofNullable(read("find", sessionId, MAP_TYPE));
	}

	private static <T> T require(String operation, T data) {
		if (data == null) {
			throw new SessionNotFoundException(operation);
		}
		return data;
	}

	/**
	 * Reads the session, renewing it when sliding; null (counted as not found) when there
	 * is none.
	 */
	private <T> T read(String operation, String sessionId, JsonType<T> type) {
		if (!wellFormed(operation, sessionId)) {
			return null;
		}
		String json = call(operation, GET, ScriptOutputType.VALUE, new String[] { sessionKey(sessionId) },
				this.options.sliding() ? this.ttlMillis : "0", sessionId);
		if (json == null) {
			record(operation, "not_found");
			return null;
		}
		T data;
		try {
			data = this.client.json().read(operation, this.redactedKey, json, type);
		}
		catch (RuntimeException ex) {
			record(operation, "error");
			throw ex;
		}
		record(operation, "success");
		return data;
	}

	// --- update, touch, delete
	// ---------------------------------------------------------------------------

	@Override
	public void update(String sessionId, Map<String, Object> data) {
		replace(sessionId, data);
	}

	@Override
	public <T> void update(String sessionId, T data) {
		replace(sessionId, data);
	}

	private void replace(String sessionId, Object data) {
		Arguments.requireNonNull("sessionId", sessionId);
		String json = toJson("update", data);
		if (!wellFormed("update", sessionId) || !renew("update", sessionId, this.ttlMillis, sessionId, json)) {
			throw new SessionNotFoundException("update");
		}
	}

	@Override
	public boolean touch(String sessionId) {
		return wellFormed("touch", sessionId) && renew("touch", sessionId, this.ttlMillis, sessionId);
	}

	private boolean renew(String operation, String sessionId, String... args) {
		Long renewed = call(operation, RENEW, ScriptOutputType.INTEGER, new String[] { sessionKey(sessionId) }, args);
		return found(operation, renewed == 1);
	}

	@Override
	public void delete(String sessionId) {
		if (wellFormed("delete", sessionId)) {
			Long deleted = call("delete", DELETE, ScriptOutputType.INTEGER, new String[] { sessionKey(sessionId) },
					sessionId);
			found("delete", deleted == 1);
		}
	}

	// --- owners
	// ------------------------------------------------------------------------------------------

	@Override
	public List<String> list(String ownerId) {
		String index = indexKey(SessionIds.ownerHash(Arguments.requireText("ownerId", ownerId)));
		List<String> sessionIds = call("list", LIST, ScriptOutputType.MULTI, new String[] { index });
		record("list", "success");
		return List.copyOf(sessionIds);
	}

	@Override
	public int deleteAll(String ownerId) {
		String ownerHash = SessionIds.ownerHash(Arguments.requireText("ownerId", ownerId));
		Long deleted = call("delete_all", DELETE_ALL, ScriptOutputType.INTEGER, new String[] { indexKey(ownerHash) },
				slotBase(ownerHash.substring(0, SessionIds.TAG_LENGTH)));
		record("delete_all", "success");
		return Math.toIntExact(deleted);
	}

	// --- rotation
	// ----------------------------------------------------------------------------------------

	@Override
	public String regenerate(String sessionId) {
		if (!wellFormed("regenerate", sessionId)) {
			throw new SessionNotFoundException("regenerate");
		}
		String newId = this.ids.newId(SessionIds.tag(sessionId));
		Long moved = call("regenerate", REGENERATE, ScriptOutputType.INTEGER,
				new String[] { sessionKey(sessionId), sessionKey(newId) }, this.ttlMillis, sessionId, newId);
		if (moved == -1) {
			throw brokenRandom("regenerate");
		}
		if (!found("regenerate", moved == 1)) {
			throw new SessionNotFoundException("regenerate");
		}
		return newId;
	}

	// --- internals
	// ---------------------------------------------------------------------------------------

	/** The key of a session: the id's tag in braces picks the hash slot. */
	String sessionKey(String sessionId) {
		return slotBase(SessionIds.tag(sessionId)) + sessionId;
	}

	/** The key of an owner's index, in the slot of the owner's sessions. */
	String indexKey(String ownerHash) {
		return slotBase(ownerHash.substring(0, SessionIds.TAG_LENGTH)) + "owner:" + ownerHash;
	}

	private String slotBase(String tag) {
		return this.client.key(this.options.namespace() + ":{" + tag + "}:");
	}

	/**
	 * Checks an id given by a caller: null is a bug, a malformed one (from a cookie or
	 * header) is only counted.
	 * @return whether the id may name a session
	 */
	private boolean wellFormed(String operation, String sessionId) {
		Arguments.requireNonNull("sessionId", sessionId);
		if (SessionIds.isWellFormed(sessionId)) {
			return true;
		}
		record(operation, "invalid_id");
		return false;
	}

	private String toJson(String operation, Object data) {
		String json = this.client.json().write(operation, this.redactedKey, Arguments.requireNonNull("data", data));
		if (!json.startsWith("{")) {
			throw new IllegalArgumentException(
					"data must be written as a JSON object, but a " + data.getClass().getName() + " is not");
		}
		return this.client.checkValue(json);
	}

	private <T> T call(String operation, RedisScript script, ScriptOutputType type, String[] keys, String... args) {
		try {
			return this.client.evalSync(script, type, keys, args);
		}
		catch (RuntimeException ex) {
			record(operation, "error");
			throw ex;
		}
	}

	private boolean found(String operation, boolean found) {
		record(operation, found ? "success" : "not_found");
		return found;
	}

	private EarnbaseRedisException brokenRandom(String operation) {
		record(operation, "error");
		return new EarnbaseRedisException("session." + operation,
				"a freshly generated session id is already taken; the random number generator is broken", null);
	}

	private void record(String operation, String outcome) {
		if (!"success".equals(outcome)) {
			logger.atDebug()
				.addKeyValue("operation", "session." + operation)
				.addKeyValue("outcome", outcome)
				.log("Session operation without success");
		}
		this.metrics.count(operation, outcome);
	}

}
