/**
 * The session store primitive: {@link com.earnbase.redis.session.SessionStore}, its Redis
 * implementation (one hash per session, an owner index scored by expiry, one Lua script
 * per mutation), session ids, options and Lua scripts.
 */
package com.earnbase.redis.session;
