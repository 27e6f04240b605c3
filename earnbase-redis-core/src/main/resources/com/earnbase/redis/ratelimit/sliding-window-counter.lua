-- Sliding window counter (the weighted two-window counter): fixed windows of length window that follow each other
-- back to back from the first call, one count per window. A call is admitted when
--   previous x (window - elapsed) / window + current + permits <= limit
-- elapsed being the time since the current window began: the previous window's permits are assumed evenly spread and
-- leave the sliding view linearly. State, constant in size: one hash with s (start of the current window, Redis ms),
-- c (permits admitted in it) and p (permits admitted in the window before). Its expiry is set when a window starts,
-- to the end of the window after it (s + 2 x window), so later calls in the window only add to c. After two windows
-- without an admitted call the hash has expired, and the next call starts a new window.
-- Arithmetic is in units of 1/window permits, so every value is an integer below 3 x 2^50 (exact in doubles).
-- KEYS[1] state (hash s, c, p); ARGV permits, limit, window (ms).
-- Returns {allowed 0/1, remaining, retryAfter ms, resetAfter ms}.
local state = KEYS[1]
local permits = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

-- floor(a / b) for integers a >= 0, b > 0, corrected for the rounding of the double division
local function floordiv(a, b)
  local q = math.floor(a / b)
  if q * b > a then
    q = q - 1
  elseif (q + 1) * b <= a then
    q = q + 1
  end
  return q
end

local stored = redis.call('HMGET', state, 's', 'c', 'p')
local start = tonumber(stored[1])
local current = 0
local previous = 0
-- whether the hash's s still names the current window (then only c changes, and the expiry set when the window
-- started, start + 2 x window, stays right)
local same = false
if start == nil or now - start >= 2 * window then
  -- new, or both windows are over: a window starts now
  start = now
elseif now - start >= window then
  -- the next window has begun: the current one becomes the previous one
  start = start + window
  previous = tonumber(stored[2]) or 0
else
  current = tonumber(stored[2]) or 0
  previous = tonumber(stored[3]) or 0
  if now < start then
    -- Redis's clock went back: the current window starts again now, its counts kept
    start = now
  else
    same = true
  end
end

local elapsed = now - start
local capacity = limit * window
local used = previous * (window - elapsed) + current * window
local cost = permits * window
-- the current window's permits weigh until the end of the window after it
local reset = start + 2 * window - now

if used + cost <= capacity then
  if same then
    redis.call('HINCRBY', state, 'c', permits)
  else
    redis.call('HSET', state, 's', start, 'c', current + permits, 'p', previous)
    redis.call('PEXPIRE', state, reset)
  end
  return {1, floordiv(capacity - used - cost, window), 0, reset}
end

-- denied; nothing is written
local remaining = 0
if capacity > used then
  remaining = floordiv(capacity - used, window)
end
local retry
local room = capacity - (current + permits) * window
if room >= 0 and previous > 0 then
  -- fits in this window once previous x (window - elapsed - t) <= room: t = window - elapsed - floor(room / previous)
  -- (at the end of this window the previous count is gone and current + permits fit)
  retry = window - elapsed - floordiv(room, previous)
else
  -- only in the next window, where this window's count is the previous one: current x (window - t) <= (limit -
  -- permits) x window, current > limit - permits >= 0 here
  retry = window - elapsed + window - floordiv((limit - permits) * window, current)
end
if current == 0 then
  -- only the previous window's permits weigh, until this window ends
  reset = start + window - now
end
return {0, remaining, retry, reset}
