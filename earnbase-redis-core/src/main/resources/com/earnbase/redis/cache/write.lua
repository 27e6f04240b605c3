-- Writes a value, releases the writer's lease and wakes the waiters, in one round trip.
-- KEYS[1] value key, KEYS[2] lease key; ARGV[1] stored value, ARGV[2] TTL in ms, ARGV[3] owner token or '',
-- ARGV[4] notification channel.
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if ARGV[3] ~= '' and redis.call('GET', KEYS[2]) == ARGV[3] then
  redis.call('DEL', KEYS[2])
end
redis.call('PUBLISH', ARGV[4], KEYS[1])
return 1
