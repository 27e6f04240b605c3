-- Stores a value only when the key has none, and wakes the waiters; one script, so that exactly one of many racing
-- callers stores. KEYS[1] value key; ARGV[1] stored value, ARGV[2] TTL in ms, ARGV[3] notification channel.
-- Returns the value already stored, or false when this call stored ARGV[1].
local existing = redis.call('GET', KEYS[1])
if existing then
  return existing
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('PUBLISH', ARGV[3], KEYS[1])
return false
