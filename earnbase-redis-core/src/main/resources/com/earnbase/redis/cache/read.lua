-- A hit with its remaining time to live, for the early refresh decision. KEYS[1] value key.
local value = redis.call('GET', KEYS[1])
if not value then
  return false
end
return {value, redis.call('PTTL', KEYS[1])}
