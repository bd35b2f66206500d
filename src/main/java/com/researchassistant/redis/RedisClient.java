package com.researchassistant.redis;

import com.researchassistant.config.RedisConfig;
import com.researchassistant.config.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A small pool of connections to the shared Redis, with bounded waits and one error type.
 *
 * <p>Every failure becomes {@link RedisUnavailable}. After a connection failure, calls fail at
 * once for a cool-down (1 s by default) instead of each waiting for a timeout; the first call
 * after that tries again, so the application recovers by itself when Redis comes back. Idle
 * connections from before an outage are dropped on the first failure and the call is tried once
 * more on a fresh connection, so a restarted Redis costs no failed request.
 */
public final class RedisClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisClient.class);
    /** How long calls fail at once after Redis was found unreachable, by default. */
    public static final Duration COOL_DOWN = Duration.ofSeconds(1);

    private final redis.clients.jedis.RedisClient pool;
    private final String where;
    private final Clock clock;
    private final Duration coolDown;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile Instant coolDownUntil = Instant.MIN;

    private RedisClient(redis.clients.jedis.RedisClient pool, String where, Clock clock, Duration coolDown) {
        this.pool = pool;
        this.where = where;
        this.clock = clock;
        this.coolDown = coolDown;
    }

    /** {@link #open(RedisConfig, Clock, Duration)} with the default cool-down. */
    public static RedisClient open(RedisConfig config, Clock clock) {
        return open(config, clock, COOL_DOWN);
    }

    /**
     * Creates the pool and checks the connection once. Redis being unreachable is only logged
     * (instances start before their Redis; /health says so), but wrong credentials fail at once.
     *
     * @param clock the time source of the cool-down
     * @param coolDown how long calls fail at once after Redis was found unreachable
     * @throws RedisUnavailable when Redis refuses the credentials
     */
    public static RedisClient open(RedisConfig config, Clock clock, Duration coolDown) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(coolDown, "coolDown");
        int millis = (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .resp2()
                .autoNegotiateProtocol(false)
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis)
                .database(config.database())
                .clientName("research-assistant");
        if (config.tls()) {
            client.sslOptions(SslOptions.defaults());
        }
        config.user().ifPresent(client::user);
        config.password().map(Secret::value).ifPresent(client::password);
        ConnectionPoolConfig poolConfig = new ConnectionPoolConfig();
        poolConfig.setMaxTotal(config.poolSize());
        poolConfig.setMaxIdle(config.poolSize());
        poolConfig.setMinIdle(0);
        poolConfig.setBlockWhenExhausted(true);
        poolConfig.setMaxWait(Duration.ofMillis(millis));
        poolConfig.setJmxEnabled(false);
        RedisClient shared = new RedisClient(
                redis.clients.jedis.RedisClient.builder()
                        .hostAndPort(config.host(), config.port())
                        .clientConfig(client.build())
                        .poolConfig(poolConfig)
                        .build(),
                config.describe(),
                clock,
                coolDown);
        try {
            shared.call("connect", UnifiedJedis::ping);
            log.info("Redis at {} reachable", shared.where);
        } catch (RedisUnavailable e) {
            if (e.getCause() instanceof JedisAccessControlException || isAuthError(e.getCause())) {
                shared.close();
                throw e;
            }
            log.warn("Redis at {} not reachable at start; requests that need it answer 503 until it is", shared.where);
        }
        return shared;
    }

    private static boolean isAuthError(Throwable cause) {
        String message = cause == null ? null : cause.getMessage();
        return message != null
                && (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH") || message.startsWith("NOPERM"));
    }

    /** Runs {@code work} on the pooled client (each command takes a connection for its duration). */
    public <T> T call(String operation, Function<UnifiedJedis, T> work) {
        if (clock.instant().isBefore(coolDownUntil)) {
            throw new RedisUnavailable("Redis is unreachable (" + operation + "); retrying shortly", null);
        }
        try {
            return succeeded(attempt(work));
        } catch (JedisDataException e) {
            // Redis answered with an error: it is up, but this command cannot be done (OOM, NOPERM, ...)
            throw new RedisUnavailable("Redis refused " + operation + ": " + e.getMessage(), e);
        } catch (JedisException first) {
            pool.getPool().clear();
            try {
                return succeeded(attempt(work));
            } catch (JedisDataException e) {
                throw new RedisUnavailable("Redis refused " + operation + ": " + e.getMessage(), e);
            } catch (JedisException e) {
                coolDownUntil = clock.instant().plus(coolDown);
                if (down.compareAndSet(false, true)) {
                    log.warn("Redis at {} unreachable ({}): {}", where, operation, e.getMessage());
                }
                throw new RedisUnavailable("Redis is unreachable (" + operation + "): " + e.getMessage(), e);
            }
        }
    }

    private <T> T attempt(Function<UnifiedJedis, T> work) {
        return work.apply(pool);
    }

    private <T> T succeeded(T result) {
        if (down.compareAndSet(true, false)) {
            log.info("Redis at {} reachable again", where);
        }
        return result;
    }

    /**
     * Runs a script atomically; arguments and keys are bytes. Returns what the script returns:
     * {@code Long}, {@code byte[]}, a {@code List} of those, or null.
     */
    public Object eval(LuaScript script, List<byte[]> keys, List<byte[]> args) {
        byte[] sha = script.sha().getBytes(StandardCharsets.US_ASCII);
        return call(script.name(), jedis -> {
            try {
                return jedis.evalsha(sha, keys, args);
            } catch (JedisNoScriptException e) {
                return jedis.eval(script.source().getBytes(StandardCharsets.UTF_8), keys, args);
            }
        });
    }

    /** Whether Redis answers now; for health checks. */
    public void ping() {
        call("ping", UnifiedJedis::ping);
    }

    /** A server setting, or empty where CONFIG GET is not permitted (managed Redis often forbids it). */
    public Optional<String> setting(String name) {
        try {
            return Optional.ofNullable(
                    call("config get " + name, jedis -> jedis.configGet(name).get(name)));
        } catch (RedisUnavailable e) {
            if (e.getCause() instanceof JedisDataException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** One section of INFO as {@code key:value} lines. */
    public String info(String section) {
        return call("info " + section, jedis -> jedis.info(section));
    }

    /** Host, port and database, safe for logs. */
    public String where() {
        return where;
    }

    @Override
    public void close() {
        pool.close();
    }
}
