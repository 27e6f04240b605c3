package com.earnbase.redis.lock;

/**
 * The Redis names of one lock, all with the same hash tag so that they share a cluster
 * slot.
 *
 * @param lock the lock key, holding the holder's id
 * @param fence the fencing token counter
 * @param waiting the mark a waiter sets when it finds the lock taken, so that the release
 * is published
 * @param channel the channel a release is published on
 */
record LockKeys(String lock, String fence, String waiting, String channel) {

}
