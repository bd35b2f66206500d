package com.researchassistant.answers;

import com.researchassistant.redis.LuaScript;
import com.researchassistant.redis.RedisClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import redis.clients.jedis.params.SetParams;

/**
 * The answers in progress of all instances, in Redis: {@code ra:answer:<session>} holds the
 * running instance's holder id with a lease, {@code ra:cancel:<session>} a request to stop it.
 * Every method may throw {@link RedisUnavailable}.
 */
public final class RedisAnswerBoard implements AnswerBoard {

    private static final String ANSWER = "ra:answer:";
    private static final String CANCEL = "ra:cancel:";

    /** Extends a mark only while its holder still holds it. */
    private static final LuaScript RENEW = LuaScript.of("answer renew", """
            for i, key in ipairs(KEYS) do
              if redis.call('GET', key) == ARGV[1] then redis.call('PEXPIRE', key, ARGV[2]) end
            end
            return 0""");

    /** Removes a mark and its cancel request only while its holder still holds it. */
    private static final LuaScript UNMARK = LuaScript.of("answer unmark", """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1], KEYS[2])
              return 1
            end
            return 0""");

    /** Leaves a cancel request only for an answer that is running. */
    private static final LuaScript CANCEL_IF_MARKED = LuaScript.of("answer cancel", """
            if redis.call('EXISTS', KEYS[1]) == 1 then
              redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
              return 1
            end
            return 0""");

    private final RedisClient redis;
    private final long leaseMillis;

    /**
     * @param lease how long a mark outlives its last renewal: the time after which an instance
     *     that died stops blocking its conversations
     */
    public RedisAnswerBoard(RedisClient redis, Duration lease) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.leaseMillis = lease.toMillis();
    }

    @Override
    public boolean tryMark(String sessionId, String holder) {
        String set = redis.call(
                "answer mark",
                jedis -> jedis.set(
                        ANSWER + sessionId, holder, SetParams.setParams().nx().px(leaseMillis)));
        return "OK".equals(set);
    }

    @Override
    public void renew(Collection<String> sessionIds, String holder) {
        if (sessionIds.isEmpty()) {
            return;
        }
        List<byte[]> keys = new ArrayList<>();
        sessionIds.forEach(id -> keys.add(bytes(ANSWER + id)));
        redis.eval(RENEW, keys, List.of(bytes(holder), bytes(Long.toString(leaseMillis))));
    }

    @Override
    public void unmark(String sessionId, String holder) {
        redis.eval(UNMARK, List.of(bytes(ANSWER + sessionId), bytes(CANCEL + sessionId)), List.of(bytes(holder)));
    }

    @Override
    public boolean marked(String sessionId) {
        return redis.call("answer marked", jedis -> jedis.exists(ANSWER + sessionId));
    }

    @Override
    public boolean requestCancel(String sessionId) {
        Object done = redis.eval(
                CANCEL_IF_MARKED,
                List.of(bytes(ANSWER + sessionId), bytes(CANCEL + sessionId)),
                List.of(bytes(Long.toString(leaseMillis))));
        return Long.valueOf(1).equals(done);
    }

    @Override
    public Set<String> cancelRequested(Collection<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return Set.of();
        }
        List<String> ids = List.copyOf(sessionIds);
        List<String> values = redis.call(
                "answer cancels",
                jedis -> jedis.mget(ids.stream().map(id -> CANCEL + id).toArray(String[]::new)));
        Set<String> requested = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (values.get(i) != null) {
                requested.add(ids.get(i));
            }
        }
        return requested;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
