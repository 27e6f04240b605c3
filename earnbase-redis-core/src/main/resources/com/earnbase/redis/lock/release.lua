-- Deletes the lock only when it holds this id, and wakes the waiters.
-- KEYS[1] lock; ARGV[1] lock id, ARGV[2] release notification channel. Reply: 1 released, 0 not ours.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[2], 'released')
return 1
