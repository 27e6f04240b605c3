-- Deletes a session and its owner index entry. KEYS[1]: the session. ARGV[1]: the session id.
-- Returns 1 when the session existed, else 0.
local owner = redis.call('HGET', KEYS[1], 'owner')
if owner then
  redis.call('ZREM', owner, ARGV[1])
end
return redis.call('DEL', KEYS[1])
