-- Deletes the lock only when it holds this id, and wakes the waiters: publishes the release only when a waiter
-- marked the lock (see acquire.lua), and clears the mark (waiters that go on waiting mark it again when they retry).
-- KEYS[1] lock, KEYS[2] waiting mark; ARGV[1] lock id, ARGV[2] release notification channel.
-- Reply: 1 released, 0 not ours.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
if redis.call('DEL', KEYS[2]) == 1 then
  redis.call('PUBLISH', ARGV[2], 'released')
end
return 1
