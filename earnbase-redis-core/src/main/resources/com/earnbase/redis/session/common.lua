-- Prepended to every session script by RedisSessionStore.
-- A session is a hash: data = the JSON, owner = the key of its owner's index (only for a session with an owner).
-- An owner's index is a sorted set of session ids scored by their expiry time (ms, Redis clock). Its key and the
-- keys of the owner's sessions carry the same {tag}, so they share a hash slot and a script may reach the index
-- through a session's owner field, also on Redis Cluster.

-- Redis's clock in milliseconds.
local function now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

-- Makes a session expire at the given time and scores its owner index entry with the same time, so that the index
-- can be pruned by score; the index lives as long as its longest-lived session.
local function expire_at(key, id, owner, at)
  redis.call('PEXPIREAT', key, at)
  if owner then
    redis.call('ZADD', owner, at, id)
    if redis.call('PEXPIRETIME', owner) < at then
      redis.call('PEXPIREAT', owner, at)
    end
  end
end

-- Removes the index entries of sessions that have expired (score before now).
local function prune(index, now)
  redis.call('ZREMRANGEBYSCORE', index, '-inf', string.format('(%d', now))
end

