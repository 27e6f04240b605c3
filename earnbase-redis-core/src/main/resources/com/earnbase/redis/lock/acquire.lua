-- Takes the lock if it is free and hands out the next fencing token; else answers the holder's remaining lease and,
-- when the caller is going to wait, marks the lock as waited for, so that its release is published.
-- KEYS[1] lock, KEYS[2] fence counter, KEYS[3] waiting mark; ARGV[1] lock id, ARGV[2] lease ms, ARGV[3] fence counter
-- TTL ms, ARGV[4] waiting mark TTL ms (0: the caller does not wait, no mark).
-- Reply: the fencing token (> 0) when acquired; when taken, -3 minus the holder's remaining lease in ms (its PTTL,
-- -1 when it has none), so always < 0.
-- The mark is set in the same atomic step that found the lock taken: a release that runs later sees it and
-- publishes; one that ran earlier left the lock free for this attempt or for someone whose release will see it.
-- Idempotent per attempt id: when Lettuce re-sends this script after a reconnect (its first reply was lost), the
-- lock is already this attempt's, so the replay takes it again (new lease, new token) instead of answering "taken".
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  if redis.call('GET', KEYS[1]) ~= ARGV[1] then
    local markTtl = tonumber(ARGV[4])
    -- Never shortens the mark of a waiter with a longer poll interval.
    if markTtl > 0 and redis.call('PTTL', KEYS[3]) < markTtl then
      redis.call('SET', KEYS[3], '1', 'PX', markTtl)
    end
    return -3 - redis.call('PTTL', KEYS[1])
  end
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
-- The token is max(previous token + 1, server clock in microseconds), so it keeps increasing even after the idle
-- counter expired or was lost: two runs of this script never see the same microsecond. (In milliseconds, an
-- acquisition in the same millisecond as the one before the loss got the same token.) Below 2^53 until the year 2255.
-- Written as the clock first (SET ... GET answers the previous token in the same call); only when the previous token
-- is not below the clock (a clock that went back) is it overwritten with previous + 1.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local last = redis.call('SET', KEYS[2], string.format('%d', now), 'PX', ARGV[3], 'GET')
if last and tonumber(last) >= now then
  local token = tonumber(last) + 1
  redis.call('SET', KEYS[2], string.format('%d', token), 'PX', ARGV[3])
  return token
end
return now
