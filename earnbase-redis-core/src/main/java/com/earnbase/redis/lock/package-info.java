/**
 * The distributed lock primitive: {@link com.earnbase.redis.lock.LockService}, its Redis
 * implementation with leases, a watchdog, fencing tokens, release notifications for
 * waiters, options and Lua scripts.
 */
package com.earnbase.redis.lock;
