-- Takes the lock if it is free and hands out the next fencing token; else answers the holder's remaining lease.
-- KEYS[1] lock, KEYS[2] fence counter; ARGV[1] lock id, ARGV[2] lease ms, ARGV[3] fence counter TTL ms.
-- Reply: {1, token} when acquired, {0, remaining lease ms of the holder (-1: none)} when taken.
-- Idempotent per attempt id: when Lettuce re-sends this script after a reconnect (its first reply was lost), the
-- lock is already this attempt's, so the replay takes it again (new lease, new token) instead of answering "taken".
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
elseif not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {0, redis.call('PTTL', KEYS[1])}
end
-- The token is at least the server clock in microseconds, so it keeps increasing even after the idle counter
-- expired or was lost: two runs of this script never see the same microsecond. (In milliseconds, an acquisition in
-- the same millisecond as the one before the loss got the same token.) Below 2^53 until the year 2255.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
local token = math.max(last + 1, now)
redis.call('SET', KEYS[2], string.format('%d', token), 'PX', ARGV[3])
return {1, token}
