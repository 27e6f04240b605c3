-- Sets the lock's remaining lease only when it holds this id.
-- KEYS[1] lock; ARGV[1] lock id, ARGV[2] lease ms. Reply: 1 extended, 0 not ours.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])
