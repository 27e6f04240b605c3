-- Creates a session. KEYS[1]: the session; KEYS[2]: its owner's index, absent for a session without owner.
-- ARGV[1]: the data as JSON; ARGV[2]: the time to live in ms; ARGV[3]: the session id.
-- Returns 1, or 0 when the id is taken: an existing session is never overwritten.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local now = now_ms()
local owner = KEYS[2]
if owner then
  prune(owner, now)
  redis.call('HSET', KEYS[1], 'data', ARGV[1], 'owner', owner)
else
  redis.call('HSET', KEYS[1], 'data', ARGV[1])
end
expire_at(KEYS[1], ARGV[3], owner, now + tonumber(ARGV[2]))
return 1
