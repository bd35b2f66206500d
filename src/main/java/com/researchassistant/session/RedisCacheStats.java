package com.researchassistant.session;

import com.researchassistant.redis.RedisClient;
import com.researchassistant.redis.RedisUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redis's own counters for the cache metrics, read at most every few seconds (a scrape asks for
 * them several times) and kept from the last good read while Redis is away.
 */
final class RedisCacheStats {

    private static final Pattern EVICTED = Pattern.compile("(?m)^evicted_keys:(\\d+)");

    /**
     * @param evictions keys Redis evicted under maxmemory since it started (all instances' doing)
     * @param keys keys in the database: cached sessions plus a few small bookkeeping keys
     */
    record Server(long evictions, long keys) {}

    private final RedisClient redis;
    private final Clock clock;
    private final Duration refresh;
    /** A lock, not synchronized: the read waits on the network and must not pin a carrier thread. */
    private final ReentrantLock lock = new ReentrantLock();

    private Server last = new Server(0, 0);
    private Instant readAt;

    /** @param refresh how long the numbers read are served before Redis is asked again */
    RedisCacheStats(RedisClient redis, Clock clock, Duration refresh) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
    }

    Server server() {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (readAt != null && now.isBefore(readAt.plus(refresh))) {
                return last;
            }
            readAt = now;
            try {
                long evicted = first(EVICTED, redis.info("stats"));
                last = new Server(evicted, redis.call("dbsize", jedis -> jedis.dbSize()));
            } catch (RedisUnavailable e) {
                // keep the last numbers; the failure shows on /health and in the logs
            }
            return last;
        } finally {
            lock.unlock();
        }
    }

    private static long first(Pattern pattern, String info) {
        Matcher m = pattern.matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
