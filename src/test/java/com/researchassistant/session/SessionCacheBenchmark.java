package com.researchassistant.session;

import com.researchassistant.MonotonicClock;
import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.config.RedisConfig;
import com.researchassistant.redis.RedisClient;
import com.researchassistant.testing.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Latency of a session read (a cache hit) and of an append, straight from SQLite, through the
 * in-process cache and through the Redis cache on loopback, for a session of 20 turns. A main
 * class, not a test: timings depend on the machine. Prints a Markdown table.
 */
final class SessionCacheBenchmark {

    private static final int TURNS = 20;
    private static final int WARM_UP = 500;
    private static final int ROUNDS = 3_000;

    private SessionCacheBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("cache-bench");
        Clock clock = new MonotonicClock();
        try (RedisServer redis = RedisServer.launch();
                JdbcSessionStore jdbc = JdbcSessionStore.open("jdbc:sqlite:" + dir.resolve("s.db"), Clock.systemUTC());
                RedisClient client =
                        RedisClient.open(RedisConfig.fromUrl(redis.url(), Duration.ofSeconds(2), 8), clock)) {
            System.out.println("| store | read p50 µs | read p99 µs | append p50 µs | append p99 µs |");
            System.out.println("|---|---:|---:|---:|---:|");
            report("SQLite, no cache", jdbc);
            report(
                    "in-process cache (Caffeine)",
                    new CachedSessionStore(jdbc, 1_000, 48L << 20, Duration.ofMinutes(30), clock));
            report(
                    "Redis cache, loopback, no local copies",
                    new RedisSessionCache(
                            jdbc, client, RedisCacheTiming.defaults(Duration.ofMinutes(30)), 0, 0, clock));
            report(
                    "Redis cache, loopback, local copies",
                    new RedisSessionCache(
                            jdbc, client, RedisCacheTiming.defaults(Duration.ofMinutes(30)), 1_000, 48L << 20, clock));
        }
    }

    private static void report(String name, SessionStore store) {
        Session session = store.create("bench", name);
        for (int i = 0; i < TURNS; i++) {
            store.append(
                    "bench",
                    session.id(),
                    i % 2 == 0
                            ? NewTurn.user("question " + i + " about tides", "desktop")
                            : SessionStoreContract.answer(
                                    ("An answer with some substance, sentence " + i + ". ").repeat(25)));
        }
        long[] reads = time(() -> store.find("bench", session.id()).orElseThrow());
        Session growing = store.create("bench", name + " appends");
        long[] appends = time(() -> store.append("bench", growing.id(), NewTurn.user("short turn", "mobile")));
        System.out.printf(
                "| %s | %d | %d | %d | %d |%n",
                name, pct(reads, 50), pct(reads, 99), pct(appends, 50), pct(appends, 99));
    }

    private static long[] time(Supplier<?> work) {
        for (int i = 0; i < WARM_UP; i++) {
            work.get();
        }
        long[] micros = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            work.get();
            micros[i] = (System.nanoTime() - t0) / 1_000;
        }
        Arrays.sort(micros);
        return micros;
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }
}
