-- GCRA (a token bucket of limit tokens refilled at limit per window). The state is the theoretical arrival time
-- (TAT) in Redis time: whole ms in field t plus a remainder r in units of 1/l ms, l being the limit the remainder
-- was written with. Arithmetic is in units of 1/limit ms, so one permit costs exactly window units and the bucket
-- holds limit x window units; every value stays an integer below 2^53.
-- KEYS[1] state (hash t, r, l); ARGV permits, limit, window (ms).
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

local function ceildiv(a, b)
  local q = floordiv(a, b)
  if q * b < a then
    q = q + 1
  end
  return q
end

-- backlog: how far the TAT is ahead of now, in units of 1/limit ms
local backlog = 0
local stored = redis.call('HMGET', state, 't', 'r', 'l')
local tat = tonumber(stored[1])
if tat ~= nil then
  local remainder = tonumber(stored[2]) or 0
  local storedLimit = tonumber(stored[3]) or limit
  if storedLimit ~= limit then
    remainder = ceildiv(remainder * limit, storedLimit)
  end
  backlog = math.max((tat - now) * limit + remainder, 0)
end

local cost = permits * window
local capacity = limit * window
local after = backlog + cost
if after <= capacity then
  local whole = floordiv(after, limit)
  redis.call('HSET', state, 't', now + whole, 'r', after - whole * limit, 'l', limit)
  -- once the TAT has passed, the bucket is full and the state means nothing
  local reset = ceildiv(after, limit)
  redis.call('PEXPIRE', state, reset)
  return {1, floordiv(capacity - after, window), 0, reset}
end
-- denied: after x ms the backlog is lower by x * limit units
local remaining = 0
if capacity > backlog then
  remaining = floordiv(capacity - backlog, window)
end
return {0, remaining, ceildiv(after - capacity, limit), ceildiv(backlog, limit)}
