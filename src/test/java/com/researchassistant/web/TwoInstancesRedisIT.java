package com.researchassistant.web;

import com.researchassistant.testing.PostgresServer;
import com.researchassistant.testing.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The two-instance tests of {@link TwoInstancesIT} in the full scale-out setup: one PostgreSQL
 * database and one Redis shared by both instances, each with its session cache on (Redis-backed,
 * with decoded local copies checked against Redis on every read).
 */
class TwoInstancesRedisIT extends TwoInstancesIT {

    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    Map<String, String> env() {
        redis.flush();
        return Map.of(
                "RA_DATABASE_URL",
                PostgresServer.shared().newDatabase(),
                "RA_REDIS_URL",
                redis.url(),
                "RA_CACHE_MAX_SESSIONS",
                "100");
    }
}
