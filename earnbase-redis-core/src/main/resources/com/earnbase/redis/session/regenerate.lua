-- Moves a session to a new id with a renewed time to live. Both ids carry the same tag, so both keys are in one
-- hash slot and RENAMENX moves the data atomically. KEYS[1]: the current session; KEYS[2]: the new one.
-- ARGV[1]: the time to live in ms; ARGV[2]: the current id; ARGV[3]: the new id.
-- Returns 1; 0 when there is no current session; -1 when the new id is taken.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
if redis.call('RENAMENX', KEYS[1], KEYS[2]) == 0 then
  return -1
end
local owner = redis.call('HGET', KEYS[2], 'owner')
if owner then
  redis.call('ZREM', owner, ARGV[2])
end
expire_at(KEYS[2], ARGV[3], owner, now_ms() + tonumber(ARGV[1]))
return 1
