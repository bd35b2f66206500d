package com.researchassistant.session;

import com.researchassistant.redis.LuaScript;

/**
 * The scripts behind {@link RedisSessionCache}; each runs atomically in Redis.
 *
 * <p>Keys of one session: {@code s} the cached session or its newest turns (a hash, see {@link
 * SessionFields}), {@code w} the write fence (how many writes to the database are in flight for
 * it), {@code l} the fill lease (a token a reader took before reading the database). {@code p} is
 * the purge horizon: no session last updated before it may be served or cached.
 */
final class CacheScripts {

    private CacheScripts() {}

    /**
     * KEYS s w l p; ARGV idle-ttl-ms lease-token lease-ms known-turns known-title max-turns. Returns
     * {0} when a write is in flight (read the database, do not cache); {3} for a hit with the turn
     * count and title of the caller's local copy (which is then the same session: turns never change
     * once stored); {1, meta, from, turns} for a hit, the values of {@link SessionFields#META} and of
     * the newest max-turns turns from seq {@code from} (idle TTL refreshed); {2} for a miss, when
     * nothing is cached or the cached copy does not reach back as far as asked (the lease is taken).
     * Turns are fetched a thousand fields a call, within Lua's limit on unpacked arguments.
     */
    static final LuaScript LOOKUP = LuaScript.of("session cache lookup", """
            if redis.call('EXISTS', KEYS[2]) == 1 then return {0} end
            local u = redis.call('HGET', KEYS[1], 'u')
            if u then
              if tonumber(u) >= tonumber(redis.call('GET', KEYS[4]) or '0') then
                redis.call('PEXPIRE', KEYS[1], ARGV[1])
                local count = redis.call('HGET', KEYS[1], 'n')
                if count == ARGV[4] and redis.call('HGET', KEYS[1], 't') == ARGV[5] then
                  return {3}
                end
                local n = tonumber(count or '0') or 0
                local from = math.max(1, n - tonumber(ARGV[6]) + 1)
                if tonumber(redis.call('HGET', KEYS[1], 'f') or '1') <= from then
                  local meta = redis.call('HMGET', KEYS[1], 'v', 'o', 't', 'c', 'u', 'n')
                  local turns = {}
                  local seq = from
                  while seq <= n do
                    local last = math.min(n, seq + 999)
                    local names = {}
                    for i = seq, last do names[#names + 1] = '#' .. i end
                    local values = redis.call('HMGET', KEYS[1], unpack(names))
                    for i = 1, #names do turns[#turns + 1] = values[i] end
                    seq = last + 1
                  end
                  return {1, meta, from, turns}
                end
              else
                redis.call('DEL', KEYS[1])
              end
            end
            redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[3])
            return {2}
            """);

    /**
     * KEYS s w l p; ARGV lease-token idle-ttl-ms updated-ms field value ... Caches what a reader
     * loaded (a whole session, or its newest turns), in place of whatever was cached, only if its
     * lease is intact: no write began or ended since it was taken.
     */
    static final LuaScript FILL = LuaScript.of("session cache fill", """
            if redis.call('GET', KEYS[3]) ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[3])
            if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
            if tonumber(ARGV[3]) < tonumber(redis.call('GET', KEYS[4]) or '0') then return 0 end
            redis.call('DEL', KEYS[1])
            for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """);

    /** KEYS s w; ARGV idle-ttl-ms field value ... Caches a session just created, unless anything is there. */
    static final LuaScript CREATE = LuaScript.of("session cache create", """
            if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
            for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 1
            """);

    /**
     * KEYS s w l; ARGV fence-ms. Before a write to the database: raises the fence (lookups go to
     * the database and nothing is cached while it stands), voids any lease, and makes the cached
     * copy expire before the fence does, so a write whose end never reaches Redis cannot leave a
     * stale copy behind.
     */
    static final LuaScript BEGIN_WRITE = LuaScript.of("session cache begin write", """
            redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[1]) + 1000)
            redis.call('DEL', KEYS[3])
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl == -1 or ttl > tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return 1
            """);

    /**
     * KEYS s w l; ARGV idle-ttl-ms seq updated-ms turn-field turn-value. After an acknowledged
     * append: adds the turn to the cached copy (whole or newest turns) if it is the next one, drops
     * the copy if turns are missing in between, then lowers the fence.
     */
    static final LuaScript END_APPEND = LuaScript.of("session cache end append", """
            redis.call('DEL', KEYS[3])
            local n = redis.call('HGET', KEYS[1], 'n')
            if n then
              local seq = tonumber(ARGV[2])
              if tonumber(n) == seq - 1 then
                redis.call('HSET', KEYS[1], 'n', ARGV[2], 'u', ARGV[3], ARGV[4], ARGV[5])
              elseif tonumber(n) < seq - 1 then
                redis.call('DEL', KEYS[1])
              end
            end
            if redis.call('DECR', KEYS[2]) <= 0 then
              redis.call('DEL', KEYS[2])
              if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            end
            return 1
            """);

    /** KEYS s w l; ARGV idle-ttl-ms. After a write that changed nothing: lowers the fence. */
    static final LuaScript END_UNCHANGED = LuaScript.of("session cache end unchanged", """
            redis.call('DEL', KEYS[3])
            if redis.call('DECR', KEYS[2]) <= 0 then
              redis.call('DEL', KEYS[2])
              if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            end
            return 1
            """);

    /**
     * KEYS s w l. After a delete, a rename, or a write whose outcome is unknown: drops the copy,
     * lowers the fence.
     */
    static final LuaScript END_DROP = LuaScript.of("session cache end drop", """
            redis.call('DEL', KEYS[1], KEYS[3])
            if redis.call('DECR', KEYS[2]) <= 0 then redis.call('DEL', KEYS[2]) end
            return 1
            """);

    /** KEYS p; ARGV cutoff-ms. Before a purge: moves the purge horizon forward (never back). */
    static final LuaScript PURGE = LuaScript.of("session cache purge", """
            if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then
              redis.call('SET', KEYS[1], ARGV[1])
            end
            return 1
            """);
}
