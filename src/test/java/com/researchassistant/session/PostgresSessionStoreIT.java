package com.researchassistant.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.chat.Turn;
import com.researchassistant.testing.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The session store contract on the machine's PostgreSQL, a fresh database per test. */
class PostgresSessionStoreIT extends SessionStoreContract {

    private final String url = PostgresServer.shared().newDatabase();
    private final List<JdbcSessionStore> opened = new ArrayList<>();

    @Override
    protected SessionStore openStore(Clock clock) {
        return open(clock);
    }

    private JdbcSessionStore open(Clock clock) {
        JdbcSessionStore store = JdbcSessionStore.open(url, clock);
        opened.add(store);
        return store;
    }

    @AfterEach
    void close_stores() {
        opened.forEach(JdbcSessionStore::close);
    }

    @Test
    @Timeout(60)
    void two_stores_on_one_database_appending_to_one_session_get_unique_consecutive_seqs() throws Exception {
        // given two instances' stores, each with its own pool, on one database
        JdbcSessionStore first = open(clock);
        JdbcSessionStore second = open(clock);
        Session session = first.create(ALICE, "shared");
        int perWriter = 40;

        // when eight writers, half on each store, append at once
        List<Future<List<Integer>>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < 8; w++) {
                JdbcSessionStore target = w % 2 == 0 ? first : second;
                int writer = w;
                futures.add(executor.submit(() -> IntStream.range(0, perWriter)
                        .mapToObj(
                                i -> target.append(ALICE, session.id(), NewTurn.user("w" + writer + " " + i, "desktop"))
                                        .orElseThrow()
                                        .seq())
                        .toList()));
            }
        }

        // then
        List<Integer> seqs = new ArrayList<>();
        for (Future<List<Integer>> future : futures) {
            seqs.addAll(future.get());
        }
        int total = 8 * perWriter;
        assertThat(seqs).hasSize(total).doesNotHaveDuplicates();
        assertThat(second.find(ALICE, session.id()).orElseThrow().turns())
                .extracting(Turn::seq)
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, total).boxed().toList());
        assertThat(first.list(ALICE).getFirst().turnCount()).isEqualTo(total);
    }

    @Test
    void stores_turn_bodies_as_bytea_and_runs_read_committed() throws SQLException {
        // given
        Session session = store.create(ALICE, "types");
        store.append(ALICE, session.id(), NewTurn.user("hello", "mobile"));

        // when
        String bodyType;
        String isolation;
        try (Connection c = DriverManager.getConnection(url);
                Statement statement = c.createStatement()) {
            try (ResultSet row = statement.executeQuery("SELECT pg_typeof(body)::text FROM turns")) {
                row.next();
                bodyType = row.getString(1);
            }
            try (ResultSet row = statement.executeQuery("SHOW default_transaction_isolation")) {
                row.next();
                isolation = row.getString(1);
            }
        }

        // then
        assertThat(bodyType).isEqualTo("bytea");
        assertThat(isolation).isEqualTo("read committed");
    }
}
