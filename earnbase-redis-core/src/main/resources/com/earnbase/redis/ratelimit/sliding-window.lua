-- Sliding log: one sorted-set entry per admitted call, scored by the Redis time (ms) it was admitted at, and a hash
-- with the running total of permits in the log. A call is admitted when the permits of the entries younger than
-- the window, plus its own, fit the limit; so no interval of length window ever holds more than limit permits.
-- KEYS[1] log (zset, member "seq:permits"), KEYS[2] meta (hash: total, seq); ARGV permits, limit, window (ms).
-- Returns {allowed 0/1, remaining, retryAfter ms, resetAfter ms}.
local log = KEYS[1]
local meta = KEYS[2]
local permits = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local function weight(member)
  return tonumber(string.match(member, ':(%d+)$'))
end

local total = tonumber(redis.call('HGET', meta, 'total'))
if total == nil then
  -- the meta hash is gone (evicted, or the log is new): recount from the log
  -- and continue the sequence after the highest one in it, so that no new member replaces an old one
  total = 0
  local seq = 0
  for _, member in ipairs(redis.call('ZRANGE', log, 0, -1)) do
    total = total + weight(member)
    seq = math.max(seq, tonumber(string.match(member, '^(%d+):')))
  end
  redis.call('HSET', meta, 'seq', seq)
end
-- an entry scored t counts while now < t + window
local expired = redis.call('ZRANGEBYSCORE', log, '-inf', now - window)
if #expired > 0 then
  for _, member in ipairs(expired) do
    total = total - weight(member)
  end
  redis.call('ZREMRANGEBYSCORE', log, '-inf', now - window)
  redis.call('HSET', meta, 'total', total)
end

if total + permits <= limit then
  local seq = redis.call('HINCRBY', meta, 'seq', 1)
  redis.call('ZADD', log, now, seq .. ':' .. permits)
  redis.call('HSET', meta, 'total', total + permits)
  redis.call('PEXPIRE', log, window)
  redis.call('PEXPIRE', meta, window)
  return {1, limit - total - permits, 0, window}
end

-- denied: wait until the oldest entries that must leave to make room have left
local needed = total + permits - limit
local freed = 0
local retry = window
local start = 0
while freed < needed do
  local entries = redis.call('ZRANGE', log, start, start + 99, 'WITHSCORES')
  if #entries == 0 then
    break
  end
  for i = 1, #entries, 2 do
    freed = freed + weight(entries[i])
    if freed >= needed then
      retry = tonumber(entries[i + 1]) + window - now
      break
    end
  end
  start = start + 100
end
local newest = redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')
local reset = window
if #newest > 0 then
  reset = tonumber(newest[2]) + window - now
end
-- the meta hash may have been rewritten above; it must not outlive the log
redis.call('PEXPIRE', meta, reset)
return {0, math.max(limit - total, 0), retry, reset}
