-- Deletes every session of an owner and the owner's index. KEYS[1]: the owner's index.
-- ARGV[1]: a session key without the id; the sessions' keys share the index's {tag}, hence its slot.
-- Returns how many live sessions were deleted (expired ones are already gone and not counted).
local deleted = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  deleted = deleted + redis.call('DEL', ARGV[1] .. id)
end
redis.call('DEL', KEYS[1])
return deleted
