-- Reads a session. KEYS[1]: the session.
-- ARGV[1]: the time to live in ms to renew it with, 0 to leave it; ARGV[2]: the session id.
-- Returns the data as JSON, or nil when there is no such session.
local session = redis.call('HMGET', KEYS[1], 'data', 'owner')
if not session[1] then
  return false
end
local ttl = tonumber(ARGV[1])
if ttl > 0 then
  expire_at(KEYS[1], ARGV[2], session[2], now_ms() + ttl)
end
return session[1]
