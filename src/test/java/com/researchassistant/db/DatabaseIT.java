package com.researchassistant.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The database contract on the machine's PostgreSQL, and the case it exists for: a virtual thread
 * interrupted while its statement waits on the socket. A backend's process id tells a pooled
 * connection apart: the one that served the interrupted call must still be open afterwards.
 */
class DatabaseIT extends DatabaseContract {

    private static final long LOCK = 4242;
    private final String url = PostgresServer.shared().newDatabase();

    @Override
    protected DatabaseConfig config() {
        return new DatabaseConfig(url, Optional.empty(), Optional.empty(), 2, Duration.ofSeconds(5));
    }

    @Test
    void an_interrupt_while_a_statement_waits_on_the_socket_neither_fails_it_nor_closes_the_connection()
            throws Exception {
        // given a statement blocked on a lock another connection holds
        Set<Long> poolBefore = poolBackends();
        AtomicReference<Long> backendDuring = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        try (Connection holder = DriverManager.getConnection(url);
                Statement holding = holder.createStatement()) {
            holding.execute("SELECT pg_advisory_lock(" + LOCK + ")");
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    backendDuring.set(database.transaction("wait for the lock", c -> {
                        try (Statement wait = c.createStatement()) {
                            wait.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
                        }
                        return pid(c);
                    }));
                } catch (RuntimeException e) {
                    failure.set(e);
                }
                interruptedAfter.set(Thread.currentThread().isInterrupted());
            });
            Eventually.await(Duration.ofSeconds(10), () -> waitingForLock(holder), "the statement waits for the lock");

            // when
            caller.interrupt();
            holding.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
            caller.join();
        }

        // then
        assertThat(failure.get()).isNull();
        assertThat(interruptedAfter).isTrue();
        assertThat(poolBackends()).containsAll(poolBefore).contains(backendDuring.get());
    }

    /** The backends of the pool's open connections. */
    private Set<Long> poolBackends() {
        try (Connection c = DriverManager.getConnection(url);
                Statement select = c.createStatement();
                ResultSet rows = select.executeQuery(
                        "SELECT pid FROM pg_stat_activity" + " WHERE application_name = 'research-assistant test'")) {
            Set<Long> pids = new HashSet<>();
            while (rows.next()) {
                pids.add(rows.getLong(1));
            }
            return pids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long pid(Connection c) throws SQLException {
        try (Statement select = c.createStatement();
                ResultSet row = select.executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static boolean waitingForLock(Connection holder) {
        try (Statement select = holder.createStatement();
                ResultSet row = select.executeQuery(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
            row.next();
            return row.getInt(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
