-- Gives up a lease (the computation failed) if this caller still owns it, and wakes the waiters so that one of
-- them computes. KEYS[1] value key, KEYS[2] lease key; ARGV[1] owner token, ARGV[2] notification channel.
if redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[2])
  redis.call('PUBLISH', ARGV[2], KEYS[1])
  return 1
end
return 0
