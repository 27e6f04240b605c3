package com.earnbase.redis.session;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Server-side sessions in Redis under unguessable ids, with a time to live that reading
 * can renew.
 * <p>
 * A session is never brought back to life: {@link #update}, {@link #touch} and a sliding
 * {@link #get} act only on a session that still exists at that instant, in one atomic
 * server-side step. An id of a malformed shape (ids usually arrive in a cookie or a
 * header) is treated as an unknown session without asking Redis; a {@code null} id is a
 * programming error ({@link IllegalArgumentException}).
 * <p>
 * Overloads: a {@code Map<String, Object>} argument always selects the {@code Map}
 * methods, because Java picks the most specific overload; any other object, including a
 * {@code Map} of another type such as {@code Map<String, String>}, selects the typed
 * methods, which store the same JSON. Data of either kind must be a JSON object, so that
 * it can be read back both as a map and as the application's class.
 */
public interface SessionStore {

	/**
	 * Creates a session.
	 * @param data the session data, written as a JSON object
	 * @return the new session's id
	 */
	String create(Map<String, Object> data);

	/**
	 * Reads a session's data, renewing its time to live when the store is sliding.
	 * @param sessionId the id
	 * @return the data
	 * @throws SessionNotFoundException when there is no such session (expired, deleted or
	 * malformed id)
	 */
	Map<String, Object> get(String sessionId);

	/**
	 * Reads a session's data if it exists, renewing its time to live when the store is
	 * sliding.
	 * @param sessionId the id
	 * @return the data, or empty when there is no such session
	 */
	Optional<Map<String, Object>> find(String sessionId);

	/**
	 * Replaces a session's data and renews its time to live, only if the session still
	 * exists; it never creates one.
	 * @param sessionId the id
	 * @param data the new data
	 * @throws SessionNotFoundException when the session is gone
	 */
	void update(String sessionId, Map<String, Object> data);

	/**
	 * Deletes a session (and its entry in its owner's index); nothing happens when there
	 * is no such session.
	 * @param sessionId the id
	 */
	void delete(String sessionId);

	/**
	 * Renews a session's time to live without reading or changing its data.
	 * @param sessionId the id
	 * @return true when the session exists, false when it does not
	 */
	boolean touch(String sessionId);

	/**
	 * Creates a session from an object of the application's session class.
	 * @param <T> the session class
	 * @param data the session data, which must be written as a JSON object
	 * @return the new session's id
	 */
	<T> String create(T data);

	/**
	 * Reads a session's data as an object of the application's session class, renewing
	 * its time to live when the store is sliding.
	 * @param <T> the session class
	 * @param sessionId the id
	 * @param type the session class
	 * @return the data
	 * @throws SessionNotFoundException when there is no such session
	 */
	<T> T get(String sessionId, Class<T> type);

	/**
	 * Replaces a session's data with an object of the application's session class and
	 * renews its time to live, only if the session still exists.
	 * @param <T> the session class
	 * @param sessionId the id
	 * @param data the new data, which must be written as a JSON object
	 * @throws SessionNotFoundException when the session is gone
	 */
	<T> void update(String sessionId, T data);

	/**
	 * Creates a session that belongs to an owner (a user), so that {@link #list} and
	 * {@link #deleteAll} find it.
	 * @param ownerId the owner, e.g. a user id
	 * @param data the session data
	 * @return the new session's id
	 */
	String create(String ownerId, Map<String, Object> data);

	/**
	 * Creates a session of the application's session class that belongs to an owner.
	 * @param <T> the session class
	 * @param ownerId the owner, e.g. a user id
	 * @param data the session data, which must be written as a JSON object
	 * @return the new session's id
	 */
	<T> String create(String ownerId, T data);

	/**
	 * The ids of an owner's live sessions, the one expiring soonest first.
	 * @param ownerId the owner
	 * @return the ids, empty when the owner has none
	 */
	List<String> list(String ownerId);

	/**
	 * Deletes every session of an owner ("log out everywhere").
	 * @param ownerId the owner
	 * @return how many live sessions were deleted
	 */
	int deleteAll(String ownerId);

	/**
	 * Moves a session to a new id (after a login, against session fixation): the old id
	 * stops working at once, the data, owner and time to live (renewed) go with the new
	 * id.
	 * @param sessionId the current id
	 * @return the new id
	 * @throws SessionNotFoundException when there is no such session
	 */
	String regenerate(String sessionId);

}
