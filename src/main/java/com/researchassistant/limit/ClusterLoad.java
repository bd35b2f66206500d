package com.researchassistant.limit;

import com.researchassistant.redis.LuaScript;
import com.researchassistant.redis.RedisClient;
import com.researchassistant.redis.RedisUnavailable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every instance's running and queued chat pipelines, summed over the instances that reported in
 * the last three periods, for cluster-wide metrics. One Redis hash holds a field per instance with
 * its numbers and an expiry (by Redis's clock, so instances' clocks do not matter); reading drops
 * the fields of instances that stopped reporting.
 */
public final class ClusterLoad implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterLoad.class);
    private static final byte[] KEY = bytes("ra:load");

    /** KEYS load; ARGV instance running queued ttl-ms. */
    static final LuaScript PUBLISH = LuaScript.of("publish load", """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. ARGV[3] .. ' ' .. (now + tonumber(ARGV[4])))
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1
            """);

    /** KEYS load. Returns {instances, running, queued}. */
    static final LuaScript TOTALS = LuaScript.of("read load", """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local all = redis.call('HGETALL', KEYS[1])
            local instances, running, queued = 0, 0, 0
            for i = 1, #all, 2 do
              local r, q, e = string.match(all[i + 1], '^(%d+) (%d+) (%d+)$')
              if e and tonumber(e) > now then
                instances = instances + 1
                running = running + tonumber(r)
                queued = queued + tonumber(q)
              else
                redis.call('HDEL', KEYS[1], all[i])
              end
            end
            return {instances, running, queued}
            """);

    /**
     * @param instances instances that reported recently; -1 when Redis could not be read
     */
    public record Totals(int instances, long running, long queued) {

        static final Totals UNKNOWN = new Totals(-1, -1, -1);
    }

    private final RedisClient redis;
    private final byte[] instance = bytes(UUID.randomUUID());
    private final IntSupplier running;
    private final IntSupplier queued;
    private final Duration period;
    private final Clock clock;
    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("load-publisher").factory());
    private final ReentrantLock lock = new ReentrantLock();
    private Totals last = Totals.UNKNOWN;
    private Instant readAt = Instant.MIN;

    /**
     * @param period how often this instance publishes, and how long a read of the sums is served
     * @param clock the time source of that reuse (expiry in Redis runs on Redis's clock)
     */
    public ClusterLoad(RedisClient redis, IntSupplier running, IntSupplier queued, Duration period, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.running = Objects.requireNonNull(running, "running");
        this.queued = Objects.requireNonNull(queued, "queued");
        this.period = Objects.requireNonNull(period, "period");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Publishes now and then every period. */
    public ClusterLoad start() {
        publisher.scheduleWithFixedDelay(this::publishQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Writes this instance's numbers. */
    void publish() {
        redis.eval(
                PUBLISH,
                List.of(KEY),
                List.of(instance, bytes(running.getAsInt()), bytes(queued.getAsInt()), bytes(3 * period.toMillis())));
    }

    private void publishQuietly() {
        try {
            publish();
        } catch (RuntimeException e) {
            log.debug("load not published: {}", e.getMessage());
        }
    }

    /** The sums, read at most once a period (a scrape asks several times); {@link Totals#UNKNOWN} without Redis. */
    public Totals totals() {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (last != Totals.UNKNOWN && now.isBefore(readAt.plus(period))) {
                return last;
            }
            readAt = now;
            try {
                List<?> sums = (List<?>) redis.eval(TOTALS, List.of(KEY), List.of());
                last = new Totals(((Long) sums.get(0)).intValue(), (Long) sums.get(1), (Long) sums.get(2));
            } catch (RedisUnavailable e) {
                last = Totals.UNKNOWN;
            }
            return last;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        publisher.shutdownNow();
        try {
            redis.call("withdraw load", jedis -> jedis.hdel(KEY, instance));
        } catch (RedisUnavailable e) {
            log.debug("load entry left to expire: {}", e.getMessage());
        }
    }

    private static byte[] bytes(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }
}
