-- Renews a session's time to live and, when ARGV[3] is given, replaces its data; only if it exists, so a session
-- deleted or expired before this runs stays gone. KEYS[1]: the session.
-- ARGV[1]: the time to live in ms; ARGV[2]: the session id; ARGV[3]: the new data as JSON (optional).
-- Returns 1, or 0 when there is no such session.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
if ARGV[3] then
  redis.call('HSET', KEYS[1], 'data', ARGV[3])
end
expire_at(KEYS[1], ARGV[2], redis.call('HGET', KEYS[1], 'owner'), now_ms() + tonumber(ARGV[1]))
return 1
