-- Fixed window: a counter that expires when its window ends. The expiry is set once, when the window starts,
-- so later calls never stretch the window. Time is Redis's own: the key's expiry.
-- KEYS[1] counter; ARGV permits, limit, window (ms).
-- Returns {allowed 0/1, remaining, retryAfter ms, resetAfter ms}.
local counter = KEYS[1]
local permits = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])

local used = tonumber(redis.call('GET', counter) or '0')
local ttl = redis.call('PTTL', counter)
if used > 0 and ttl < 0 then
  -- a counter without expiry (written by someone else) would block forever: start its window now
  redis.call('PEXPIRE', counter, window)
  ttl = window
end
if used + permits > limit then
  -- the key lives while now <= its expiry, so the first moment it is gone is ttl + 1 ms from now
  return {0, math.max(limit - used, 0), ttl + 1, ttl + 1}
end
used = redis.call('INCRBY', counter, permits)
if used == permits then
  redis.call('PEXPIRE', counter, window)
  ttl = window
end
return {1, limit - used, 0, ttl + 1}
