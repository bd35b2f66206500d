package com.researchassistant.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.config.DatabaseConfig;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@link Database} does on every database it runs on. Subclasses give an empty database. */
@Timeout(60)
abstract class DatabaseContract {

    protected Database database;

    /** The configuration of this test's empty database. */
    protected abstract DatabaseConfig config();

    @BeforeEach
    void open_database() {
        database = Database.open(config(), "test");
    }

    @AfterEach
    void close_database() {
        database.close();
    }

    @Test
    void a_caller_interrupted_during_its_transaction_gets_it_committed_and_its_interrupt_back() throws Exception {
        // given a transaction that waits inside, holding its connection
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean workInterrupted = new AtomicBoolean();
        AtomicReference<Integer> inserted = new AtomicReference<>();
        AtomicBoolean callerInterruptedAfter = new AtomicBoolean();
        Thread caller = Thread.ofVirtual().start(() -> {
            inserted.set(database.transaction("insert a session", c -> {
                int rows = insertSession(c, "interrupted-caller");
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    workInterrupted.set(true);
                }
                return rows;
            }));
            callerInterruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        // when
        caller.interrupt();
        release.countDown();
        caller.join();

        // then
        assertThat(workInterrupted).isFalse();
        assertThat(inserted.get()).isEqualTo(1);
        assertThat(callerInterruptedAfter).isTrue();
        assertThat(countSessions("interrupted-caller")).isEqualTo(1);
    }

    @Test
    void a_caller_interrupted_before_it_starts_still_runs_its_transaction_and_stays_interrupted() {
        // given
        Thread.currentThread().interrupt();
        try {
            // when
            int rows = database.transaction("insert a session", c -> insertSession(c, "already-interrupted"));

            // then
            assertThat(rows).isEqualTo(1);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(countSessions("already-interrupted")).isEqualTo(1);
    }

    @Test
    void a_failing_statement_rolls_back_and_reaches_the_caller_naming_the_operation() {
        // when / then
        assertThatThrownBy(() -> database.transaction("insert twice", c -> {
                    insertSession(c, "twice");
                    return insertSession(c, "twice");
                }))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("insert twice");
        assertThat(countSessions("twice")).isZero();
    }

    @Test
    void an_unchecked_exception_of_the_work_reaches_the_caller_as_it_is() {
        // given
        IllegalStateException thrown = new IllegalStateException("inside the work");

        // when / then
        assertThatThrownBy(() -> database.transaction("throw", c -> {
                    insertSession(c, "rolled-back");
                    throw thrown;
                }))
                .isSameAs(thrown);
        assertThat(countSessions("rolled-back")).isZero();
    }

    static int insertSession(java.sql.Connection c, String id) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO sessions (id, owner, title, created_at,"
                + " updated_at, turn_count) VALUES (?, 'owner', 'title', 0, 0, 0)")) {
            insert.setString(1, id);
            return insert.executeUpdate();
        }
    }

    int countSessions(String id) {
        return database.transaction("count sessions", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT count(*) FROM sessions WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getInt(1);
                }
            }
        });
    }
}
