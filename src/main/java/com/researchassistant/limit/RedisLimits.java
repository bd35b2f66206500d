package com.researchassistant.limit;

import com.researchassistant.config.LimitsConfig;
import com.researchassistant.redis.LuaScript;
import com.researchassistant.redis.RedisClient;
import com.researchassistant.redis.RedisUnavailable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.params.ZAddParams;

/**
 * {@link IdentityLimits} kept in Redis, so they hold across every instance. One script checks and
 * records atomically: per identity, a sorted set of the last minute's messages (scored by time)
 * and a sorted set of answer leases (scored by expiry). A lease of an instance that died is not
 * renewed and lapses after {@code leaseTtl}, so a crash cannot keep a slot forever; live leases
 * are renewed every third of it.
 *
 * <p>Times come from this instance's clock; clocks of instances a few seconds apart only shift
 * the window by as much.
 */
public final class RedisLimits implements IdentityLimits, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisLimits.class);
    private static final String PREFIX = "ra:limit:";

    /** KEYS rate leases; ARGV now window rate answers id lease-expiry key-ttl. Returns {0|1|2, wait-ms}. */
    static final LuaScript ACQUIRE = LuaScript.of("limit acquire", """
            local now = tonumber(ARGV[1])
            local answers = tonumber(ARGV[4])
            if answers > 0 then
              redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
              if redis.call('ZCARD', KEYS[2]) >= answers then return {2, 0} end
            end
            local rate = tonumber(ARGV[3])
            if rate > 0 then
              local window = tonumber(ARGV[2])
              redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
              if redis.call('ZCARD', KEYS[1]) >= rate then
                local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
                return {1, tonumber(oldest[2]) + window - now}
              end
              redis.call('ZADD', KEYS[1], now, ARGV[5])
              redis.call('PEXPIRE', KEYS[1], window)
            end
            if answers > 0 then
              redis.call('ZADD', KEYS[2], ARGV[6], ARGV[5])
              redis.call('PEXPIRE', KEYS[2], ARGV[7])
            end
            return {0, 0}
            """);

    private final RedisClient redis;
    private final int rate;
    private final int answers;
    private final Clock clock;
    private final Duration leaseTtl;
    /** Lease id to its identity, for renewal. */
    private final Map<String, String> live = new ConcurrentHashMap<>();

    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("lease-renewer").factory());

    /** Renewal is not running until {@link #start()}, so tests can stand for a crashed instance. */
    public RedisLimits(RedisClient redis, LimitsConfig config, Clock clock, Duration leaseTtl) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.rate = config.messagesPerMinute();
        this.answers = config.answersPerIdentity();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.leaseTtl = Objects.requireNonNull(leaseTtl, "leaseTtl");
    }

    /** Starts renewing the leases this instance holds. */
    public RedisLimits start() {
        long period = Math.max(1, leaseTtl.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public Permit acquire(String identity) {
        Objects.requireNonNull(identity, "identity");
        if (rate == 0 && answers == 0) {
            return () -> {};
        }
        String id = UUID.randomUUID().toString();
        long now = clock.millis();
        List<?> reply = (List<?>) redis.eval(
                ACQUIRE,
                List.of(rateKey(identity), leaseKey(identity)),
                List.of(
                        bytes(now),
                        bytes(InProcessLimits.WINDOW_MILLIS),
                        bytes(rate),
                        bytes(answers),
                        bytes(id),
                        bytes(now + leaseTtl.toMillis()),
                        bytes(2 * leaseTtl.toMillis())));
        long outcome = (Long) reply.get(0);
        if (outcome == 2) {
            throw new LimitExceeded(LimitExceeded.Kind.ANSWERS, answers, InProcessLimits.ANSWERS_RETRY_SECONDS);
        }
        if (outcome == 1) {
            throw new LimitExceeded(LimitExceeded.Kind.RATE, rate, ((Long) reply.get(1) + 999) / 1_000);
        }
        if (answers == 0) {
            return () -> {};
        }
        live.put(id, identity);
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                release(identity, id);
            }
        };
    }

    private void release(String identity, String id) {
        live.remove(id);
        try {
            redis.call("limit release", jedis -> jedis.zrem(leaseKey(identity), bytes(id)));
        } catch (RedisUnavailable e) {
            log.warn("answer lease not released ({}); it lapses within {}", e.getMessage(), leaseTtl);
        }
    }

    /** Pushes the expiry of every lease this instance holds one lease time ahead. */
    void renew() {
        if (live.isEmpty()) {
            return;
        }
        long expiry = clock.millis() + leaseTtl.toMillis();
        try {
            redis.call("limit renew", jedis -> {
                live.forEach((id, identity) -> {
                    jedis.zadd(
                            leaseKey(identity),
                            expiry,
                            bytes(id),
                            ZAddParams.zAddParams().xx());
                    jedis.pexpire(leaseKey(identity), 2 * leaseTtl.toMillis());
                });
                return null;
            });
        } catch (RedisUnavailable e) {
            log.warn("answer leases not renewed: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("answer leases not renewed", e);
        }
    }

    @Override
    public void probe() {
        redis.ping();
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }

    private static byte[] rateKey(String identity) {
        return bytes(PREFIX + "rate:" + identity);
    }

    private static byte[] leaseKey(String identity) {
        return bytes(PREFIX + "answers:" + identity);
    }

    private static byte[] bytes(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }
}
