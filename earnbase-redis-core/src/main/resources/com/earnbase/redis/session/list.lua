-- Lists an owner's live sessions after pruning the expired ones. KEYS[1]: the owner's index.
-- Returns the ids, the one expiring soonest first.
prune(KEYS[1], now_ms())
return redis.call('ZRANGE', KEYS[1], 0, -1)
