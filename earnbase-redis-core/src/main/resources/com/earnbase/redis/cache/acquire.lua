-- The value if cached, else the lease when nobody holds it.
-- KEYS[1] value key, KEYS[2] lease key; ARGV[1] owner token, ARGV[2] lease time in ms.
-- Returns {1, value} for a hit, {2, ''} when this caller now owns the lease, {0, ''} when another one does.
local value = redis.call('GET', KEYS[1])
if value then
  return {1, value}
end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {2, ''}
end
return {0, ''}
