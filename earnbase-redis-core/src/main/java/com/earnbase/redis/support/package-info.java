/**
 * Internal: the seam between the primitives and the client
 * ({@link com.earnbase.redis.support.PrimitiveSupport},
 * {@link com.earnbase.redis.support.ChannelHub}) and the small helpers every primitive
 * shares (argument checks, failure classification, JSON, Lua scripts, throttled logging,
 * thread factories). Public only because Java has no friend visibility: not an
 * application API, and it may change in any release.
 */
package com.earnbase.redis.support;
