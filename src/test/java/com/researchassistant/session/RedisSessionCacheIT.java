package com.researchassistant.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.chat.SessionWindow;
import com.researchassistant.chat.Turn;
import com.researchassistant.config.RedisConfig;
import com.researchassistant.redis.RedisClient;
import com.researchassistant.redis.RedisUnavailable;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.RedisServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The session store contract through the Redis cache, and what sharing it between instances must
 * guarantee. Instance A ({@code store}) and instance B are two caches on the same Redis and the
 * same SQLite file, as two app instances would be; A keeps decoded local copies, B does not.
 */
@Timeout(60)
class RedisSessionCacheIT extends SessionStoreContract {

    private static final Duration IDLE_TTL = Duration.ofMinutes(30);
    private static final RedisCacheTiming TIMING = RedisCacheTiming.defaults(IDLE_TTL);
    private static RedisServer redis;

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private JdbcSessionStore jdbc;
    private HookedStore hookedA;
    private HookedStore hookedB;
    private RedisClient clientA;
    private RedisSessionCache cacheA;
    private RedisSessionCache cacheB;

    @BeforeAll
    static void start_redis() {
        redis = RedisServer.launch();
    }

    @AfterAll
    static void stop_redis() {
        redis.close();
    }

    @Override
    protected SessionStore openStore(Clock clock) {
        redis.start();
        redis.flush();
        String url = "jdbc:sqlite:" + dir.resolve("sessions.db");
        jdbc = open(JdbcSessionStore.open(url, clock));
        hookedA = new HookedStore(jdbc);
        hookedB = new HookedStore(open(JdbcSessionStore.open(url, clock)));
        clientA = client();
        cacheA = new RedisSessionCache(hookedA, clientA, TIMING, 100, 16L << 20, clock);
        cacheB = new RedisSessionCache(hookedB, client(), TIMING, 0, 0, clock);
        return cacheA;
    }

    private RedisClient client() {
        return open(RedisClient.open(RedisConfig.fromUrl(redis.url(), Duration.ofSeconds(2), 4), Clock.systemUTC()));
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }

    @AfterEach
    void close_all() throws Exception {
        for (AutoCloseable resource : opened.reversed()) {
            resource.close();
        }
    }

    @Test
    void a_created_session_is_served_from_redis_to_either_instance() {
        // given
        Session session = cacheA.create(ALICE, "shared");

        // when
        Session seenByB = cacheB.find(ALICE, session.id()).orElseThrow();

        // then
        assertThat(seenByB).isEqualTo(session);
        assertThat(hookedB.finds.get()).isZero();
        assertThat(cacheB.stats().hits()).isEqualTo(1);
        assertThat(cacheB.stats().hitRate()).isEqualTo(1.0);
    }

    @Test
    void an_append_on_one_instance_is_seen_by_the_other_at_once_and_still_from_redis() {
        // given
        Session session = cacheA.create(ALICE, "shared");
        cacheB.find(ALICE, session.id());

        // when
        Turn first = cacheA.append(ALICE, session.id(), NewTurn.user("question", "mobile"))
                .orElseThrow();
        Turn second = cacheB.append(ALICE, session.id(), answer("answer")).orElseThrow();

        // then
        assertThat(cacheB.find(ALICE, session.id()).orElseThrow().turns()).containsExactly(first, second);
        assertThat(cacheA.find(ALICE, session.id()).orElseThrow())
                .isEqualTo(jdbc.find(ALICE, session.id()).orElseThrow());
        assertThat(hookedA.finds.get() + hookedB.finds.get()).isZero();
    }

    @Test
    void a_window_one_instance_read_is_served_from_redis_to_the_other_but_not_as_the_whole_session() {
        // given a conversation in the database only
        Session session = jdbc.create(ALICE, "long");
        for (int i = 1; i <= 6; i++) {
            jdbc.append(ALICE, session.id(), NewTurn.user("turn " + i, "desktop"));
        }

        // when
        SessionWindow readByA = cacheA.findRecent(ALICE, session.id(), 3).orElseThrow();
        SessionWindow servedToB = cacheB.findRecent(ALICE, session.id(), 2).orElseThrow();
        SessionWindow largerOnB = cacheB.findRecent(ALICE, session.id(), 5).orElseThrow();
        Session wholeOnB = cacheB.find(ALICE, session.id()).orElseThrow();
        Session wholeOnA = cacheA.find(ALICE, session.id()).orElseThrow();

        // then
        assertThat(servedToB.turns()).containsExactlyElementsOf(readByA.turns().subList(1, 3));
        assertThat(hookedA.recentFinds.get()).isEqualTo(1);
        assertThat(largerOnB.turns()).extracting(Turn::seq).containsExactly(2, 3, 4, 5, 6);
        assertThat(hookedB.recentFinds.get())
                .as("Redis held 3 of the 5 turns asked for")
                .isEqualTo(1);
        assertThat(wholeOnB.turns()).hasSize(6);
        assertThat(hookedB.finds.get())
                .as("a window never answers a find of the whole session")
                .isEqualTo(1);
        assertThat(wholeOnA).isEqualTo(wholeOnB);
        assertThat(hookedA.finds.get()).isZero();
    }

    @Test
    void an_append_extends_a_window_cached_in_redis() {
        // given
        Session session = jdbc.create(ALICE, "long");
        for (int i = 1; i <= 4; i++) {
            jdbc.append(ALICE, session.id(), NewTurn.user("turn " + i, "desktop"));
        }
        cacheA.findRecent(ALICE, session.id(), 2);

        // when
        Turn appended = cacheA.append(ALICE, session.id(), answer("turn 5")).orElseThrow();
        SessionWindow onB = cacheB.findRecent(ALICE, session.id(), 3).orElseThrow();

        // then
        assertThat(hookedB.recentFinds.get()).isZero();
        assertThat(onB.turns()).extracting(Turn::seq).containsExactly(3, 4, 5);
        assertThat(onB.turns().getLast()).isEqualTo(appended);
        assertThat(onB.turnCount()).isEqualTo(5);
    }

    @Test
    void a_local_copy_is_used_only_while_redis_has_as_many_turns() {
        // given A holding a decoded copy
        Session session = cacheA.create(ALICE, "copied");
        cacheA.find(ALICE, session.id());

        // when B appends
        Turn turn = cacheB.append(ALICE, session.id(), NewTurn.user("from B", "mobile"))
                .orElseThrow();

        // then A's next read brings the turn, and later reads are hits again
        assertThat(cacheA.find(ALICE, session.id()).orElseThrow().turns()).containsExactly(turn);
        assertThat(cacheA.find(ALICE, session.id()).orElseThrow().turns()).containsExactly(turn);
        assertThat(hookedA.finds.get()).isZero();
        assertThat(cacheA.stats().hits()).isEqualTo(3);
    }

    @Test
    void a_rename_on_one_instance_is_seen_by_the_other_despite_its_local_copy() {
        // given A holding a decoded copy
        Session session = cacheA.create(ALICE, "old title");
        cacheA.find(ALICE, session.id());

        // when
        cacheB.rename(ALICE, session.id(), "new title");

        // then
        assertThat(cacheA.find(ALICE, session.id()).orElseThrow().title()).isEqualTo("new title");
        assertThat(cacheB.find(ALICE, session.id()).orElseThrow().title()).isEqualTo("new title");
        assertThat(cacheA.find(ALICE, session.id()).orElseThrow().title()).isEqualTo("new title");
    }

    @Test
    void a_delete_on_one_instance_is_seen_by_the_other() {
        // given
        Session session = cacheA.create(ALICE, "shared");
        cacheB.find(ALICE, session.id());

        // when
        cacheA.delete(ALICE, session.id());

        // then
        assertThat(cacheB.find(ALICE, session.id())).isEmpty();
    }

    @Test
    void a_purge_on_one_instance_is_seen_by_the_other() {
        // given
        Session session = cacheA.create(ALICE, "old");
        cacheB.find(ALICE, session.id());
        clock.advance(Duration.ofDays(2));

        // when
        int purged = cacheA.purgeUpdatedBefore(clock.instant().minus(Duration.ofDays(1)));

        // then
        assertThat(purged).isEqualTo(1);
        assertThat(cacheB.find(ALICE, session.id())).isEmpty();
    }

    @Test
    void a_load_that_read_before_an_append_on_another_instance_does_not_cache_a_stale_copy() throws Exception {
        // given a miss on B that has read the database but not yet cached what it read
        Session session = jdbc.create(ALICE, "raced");
        Thread loader = pauseAFindOnB(session.id());

        // when A appends in between
        Turn turn = cacheA.append(ALICE, session.id(), NewTurn.user("acknowledged", "mobile"))
                .orElseThrow();
        hookedB.releaseFind.countDown();
        loader.join();

        // then
        hookedB.releaseFind = null;
        assertThat(cacheB.find(ALICE, session.id()).orElseThrow().turns()).containsExactly(turn);
        assertThat(cacheA.find(ALICE, session.id()).orElseThrow().turns()).containsExactly(turn);
    }

    @Test
    void a_load_that_read_before_a_delete_on_another_instance_does_not_bring_the_session_back() throws Exception {
        // given a miss on B that has read the database but not yet cached what it read
        Session session = jdbc.create(ALICE, "raced");
        Thread loader = pauseAFindOnB(session.id());

        // when A deletes in between
        cacheA.delete(ALICE, session.id());
        hookedB.releaseFind.countDown();
        loader.join();

        // then
        hookedB.releaseFind = null;
        assertThat(cacheB.find(ALICE, session.id())).isEmpty();
        assertThat(cacheA.find(ALICE, session.id())).isEmpty();
    }

    @Test
    void a_load_that_read_before_a_purge_does_not_bring_the_session_back() throws Exception {
        // given a miss on B that has read the database but not yet cached what it read
        Session session = jdbc.create(ALICE, "raced");
        Thread loader = pauseAFindOnB(session.id());

        // when A purges in between
        cacheA.purgeUpdatedBefore(session.updatedAt().plusSeconds(1));
        hookedB.releaseFind.countDown();
        loader.join();

        // then
        hookedB.releaseFind = null;
        assertThat(cacheB.find(ALICE, session.id())).isEmpty();
    }

    private Thread pauseAFindOnB(String sessionId) throws InterruptedException {
        hookedB.releaseFind = new CountDownLatch(1);
        Thread loader = Thread.ofVirtual().start(() -> cacheB.find(ALICE, sessionId));
        hookedB.findRead.await();
        return loader;
    }

    @Test
    void an_append_whose_end_never_reaches_redis_is_acknowledged_and_never_hidden_from_the_other_instance() {
        // given a session cached for both, and A losing Redis right after its database commit
        Session session = cacheA.create(ALICE, "cut off");
        cacheB.find(ALICE, session.id());
        hookedA.afterAppend = clientA::close;

        // when
        Turn turn = cacheA.append(ALICE, session.id(), NewTurn.user("acknowledged", "mobile"))
                .orElseThrow();

        // then B reads around the stale copy while the fence stands, and the copy dies before the fence
        assertThat(cacheB.find(ALICE, session.id()).orElseThrow().turns()).containsExactly(turn);
        try (Jedis jedis = redis.jedis()) {
            long copyTtl = jedis.pttl(RedisSessionCache.key("s", session.id()));
            long fenceTtl = jedis.pttl(RedisSessionCache.key("w", session.id()));
            assertThat(copyTtl).isBetween(1L, TIMING.writeFence().toMillis());
            assertThat(fenceTtl).isGreaterThan(copyTtl);
        }
    }

    @Test
    void an_idle_session_expires_from_redis_and_is_reloaded_from_the_database() {
        // given
        RedisSessionCache shortLived = new RedisSessionCache(
                hookedA, clientA, RedisCacheTiming.defaults(Duration.ofMillis(300)), 100, 16L << 20, clock);
        Session session = shortLived.create(ALICE, "fleeting");

        // when
        try (Jedis jedis = redis.jedis()) {
            Eventually.await(
                    Duration.ofSeconds(10),
                    () -> !jedis.exists(RedisSessionCache.key("s", session.id())),
                    "the idle session expired in Redis");
        }

        // then
        assertThat(shortLived.find(ALICE, session.id())).contains(session);
        assertThat(hookedA.finds.get()).isEqualTo(1);
        assertThat(shortLived.stats().misses()).isEqualTo(1);
    }

    @Test
    void a_read_pushes_the_idle_expiry_back() {
        // given a cached session about to expire
        Session session = cacheA.create(ALICE, "kept warm");
        try (Jedis jedis = redis.jedis()) {
            jedis.pexpire(RedisSessionCache.key("s", session.id()), 1_000);

            // when
            cacheB.find(ALICE, session.id());

            // then
            assertThat(jedis.pttl(RedisSessionCache.key("s", session.id()))).isGreaterThan(IDLE_TTL.toMillis() / 2);
        }
    }

    @Test
    void redis_counters_for_the_metrics_are_read_at_most_once_a_refresh_by_the_clock() {
        // given
        long keysBefore = cacheA.stats().size();

        // when
        cacheA.create(ALICE, "one more key");
        clock.advance(TIMING.statsRefresh().minusMillis(1));
        long withinTheRefresh = cacheA.stats().size();
        clock.advance(Duration.ofMillis(1));
        long afterIt = cacheA.stats().size();

        // then
        assertThat(withinTheRefresh).isEqualTo(keysBefore);
        assertThat(afterIt).isEqualTo(keysBefore + 1);
    }

    @Test
    void an_unreadable_cached_session_is_dropped_and_read_from_the_database() {
        // given
        Session session = cacheA.create(ALICE, "garbled");
        try (Jedis jedis = redis.jedis()) {
            jedis.hset(RedisSessionCache.key("s", session.id()), "#1".getBytes(), new byte[] {9, 9});
            jedis.hset(RedisSessionCache.key("s", session.id()), "n".getBytes(), "1".getBytes());
        }

        // when / then
        assertThat(cacheB.find(ALICE, session.id())).contains(session);
        assertThat(cacheB.find(ALICE, session.id())).contains(session);
        assertThat(hookedB.finds.get()).isEqualTo(2);
        assertThat(cacheB.find(ALICE, session.id())).contains(session);
        assertThat(hookedB.finds.get()).as("cached again after the second read").isEqualTo(2);
    }

    @Test
    void without_redis_reads_use_the_database_and_writes_fail_before_it_then_all_recovers() {
        // given
        Session session = cacheA.create(ALICE, "outage");
        cacheA.append(ALICE, session.id(), NewTurn.user("before", "mobile"));

        // when Redis is gone
        redis.stop();

        // then reads still work, from the database, and writes change nothing
        assertThat(cacheA.find(ALICE, session.id()).orElseThrow().turns()).hasSize(1);
        assertThatThrownBy(() -> cacheA.append(ALICE, session.id(), NewTurn.user("during", "mobile")))
                .isInstanceOf(RedisUnavailable.class);
        assertThatThrownBy(() -> cacheB.delete(ALICE, session.id())).isInstanceOf(RedisUnavailable.class);
        assertThat(jdbc.find(ALICE, session.id()).orElseThrow().turns()).hasSize(1);

        // when Redis is back
        redis.start();

        // then writes work again without any restart
        Eventually.await(Duration.ofSeconds(10), () -> appends(session.id()), "appends work again");
        assertThat(cacheB.find(ALICE, session.id())).isEqualTo(jdbc.find(ALICE, session.id()));
        assertThat(cacheB.find(ALICE, session.id()).orElseThrow().turns()).hasSize(2);
    }

    private boolean appends(String sessionId) {
        try {
            return cacheA.append(ALICE, sessionId, NewTurn.user("after", "mobile"))
                    .isPresent();
        } catch (RedisUnavailable e) {
            return false;
        }
    }

    @Test
    void concurrent_appends_and_finds_on_two_instances_never_hide_an_acknowledged_turn() throws Exception {
        // given
        Session session = cacheA.create(ALICE, "contended");
        AtomicBoolean appending = new AtomicBoolean(true);
        List<Future<List<Integer>>> appenders = new ArrayList<>();
        List<Integer> unseen = new ArrayList<>();

        // when each append is checked on the other instance right after it is acknowledged
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 6; t++) {
                RedisSessionCache writer = t % 2 == 0 ? cacheA : cacheB;
                RedisSessionCache reader = t % 2 == 0 ? cacheB : cacheA;
                executor.submit(() -> findWhile(reader, session.id(), appending));
                appenders.add(executor.submit(() -> appendAndCheck(writer, reader, session.id(), 20)));
            }
            for (Future<List<Integer>> appender : appenders) {
                unseen.addAll(appender.get());
            }
            appending.set(false);
        }

        // then
        assertThat(unseen)
                .as("acknowledged turns missing from a later find on the other instance")
                .isEmpty();
        Session truth = jdbc.find(ALICE, session.id()).orElseThrow();
        assertThat(truth.turns()).hasSize(120);
        assertThat(cacheA.find(ALICE, session.id())).contains(truth);
        assertThat(cacheB.find(ALICE, session.id())).contains(truth);
    }

    private static List<Integer> appendAndCheck(SessionStore writer, SessionStore reader, String sessionId, int count) {
        List<Integer> unseen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int seq = writer.append(ALICE, sessionId, NewTurn.user("turn " + i, "mobile"))
                    .orElseThrow()
                    .seq();
            if (reader.find(ALICE, sessionId).orElseThrow().turns().size() < seq) {
                unseen.add(seq);
            }
        }
        return unseen;
    }

    /** Finds in a loop, dropping the cached copy every other round so that finds keep missing and filling. */
    private static void findWhile(SessionStore reader, String sessionId, AtomicBoolean appending) {
        try (Jedis jedis = redis.jedis()) {
            for (int round = 0; appending.get(); round++) {
                if (round % 2 == 0) {
                    jedis.del(RedisSessionCache.key("s", sessionId));
                }
                reader.find(ALICE, sessionId);
            }
        }
    }
}
