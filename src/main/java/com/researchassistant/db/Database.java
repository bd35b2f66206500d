package com.researchassistant.db;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.config.Secret;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The durable store's database: the migrations under {@code db/migration} applied once, then
 * transactions run one after another (SQLite) or side by side on a small pool (PostgreSQL).
 *
 * <p><b>SQLite</b> takes a single writer anyway and active sessions are read from the hot cache,
 * so one connection behind a fair {@link ReentrantLock} (which parks waiting virtual threads
 * without pinning them) is enough.
 *
 * <p><b>PostgreSQL</b> is shared by several instances and may restart under them. A HikariCP pool
 * hands out connections, checks a connection that sat idle before lending it, and drops one that
 * failed with a connection error, so after a restart of PostgreSQL the next transactions simply
 * open new connections. While PostgreSQL is away a transaction fails within {@link
 * DatabaseConfig#timeout()} with a {@link StoreUnavailableException}; nothing is retried here,
 * because a commit whose answer was lost may or may not have happened, and the caller has not
 * acknowledged anything yet.
 *
 * <p><b>Interrupts.</b> A virtual thread interrupted while it waits on a socket has that socket
 * closed under it: a Stop, or a client that leaves, interrupts the thread answering it, and if that
 * thread were inside a PostgreSQL call the pooled connection would die mid-statement (the call
 * fails, Hikari evicts the connection, and a commit may or may not have happened). So every
 * transaction runs on a virtual thread of its own that nobody else can reach, and the caller waits
 * for it without giving up when interrupted; once the transaction has finished, the caller's
 * interrupt is set again for whatever it does next to honour. A thread per transaction costs a few
 * microseconds, far below one round trip to the database.
 *
 * <p>The session store and the library each open their own.
 */
public final class Database implements AutoCloseable {

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Where connections come from: one guarded connection, or a pool. */
    private sealed interface Connections extends AutoCloseable permits Single, Pooled {
        <T> T inTransaction(Work<T> work) throws SQLException;

        @Override
        void close() throws SQLException;
    }

    private final Connections connections;
    private final Dialect dialect;
    private final String name;

    private Database(Connections connections, Dialect dialect, String name) {
        this.connections = connections;
        this.dialect = dialect;
        this.name = name;
    }

    /**
     * Migrates and opens the configured database ({@code jdbc:sqlite:<file>} or {@code
     * jdbc:postgresql:...}).
     *
     * @param name what the database holds, for messages and the pool's name ("session", "library")
     */
    public static Database open(DatabaseConfig config, String name) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(name, "name");
        Dialect dialect = Dialect.of(config.url());
        return switch (dialect) {
            case SQLITE -> openSqlite(config.url(), name);
            case POSTGRESQL -> openPostgres(config, name);
        };
    }

    private static Database openSqlite(String url, String name) {
        migrate(Flyway.configure().dataSource(url, null, null), Dialect.SQLITE, name);
        try {
            Connection connection = DriverManager.getConnection(url);
            try (Statement statement = connection.createStatement()) {
                for (String sql : Dialect.SQLITE.connectionSetup()) {
                    statement.execute(sql);
                }
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return new Database(new Single(connection), Dialect.SQLITE, name);
        } catch (SQLException e) {
            throw new StoreException("cannot open the SQLITE " + name + " database", e);
        }
    }

    private static Database openPostgres(DatabaseConfig config, String name) {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(config, name));
        } catch (RuntimeException e) {
            // Hikari's message names the pool, never the URL; the cause says why (refused, auth, ...)
            throw new StoreUnavailableException(
                    "cannot connect to the POSTGRESQL " + name + " database at " + DatabaseConfig.redact(config.url())
                            + ": " + rootMessage(e),
                    e);
        }
        try {
            migrate(Flyway.configure().dataSource(pool), Dialect.POSTGRESQL, name);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(new Pooled(pool), Dialect.POSTGRESQL, name);
    }

    private static HikariConfig poolConfig(DatabaseConfig config, String name) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("ra-" + name);
        hikari.setJdbcUrl(config.url());
        config.user().ifPresent(hikari::setUsername);
        config.password().map(Secret::value).ifPresent(hikari::setPassword);
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setAutoCommit(false);
        hikari.setConnectionTimeout(Math.max(250, config.timeout().toMillis()));
        hikari.setValidationTimeout(
                Math.max(250, Math.min(1_000, config.timeout().toMillis())));
        hikari.setKeepaliveTime(60_000);
        // a connection attempt or a statement stuck on a vanished server must end, not hang a request
        long seconds = Math.max(1, config.timeout().toSeconds());
        hikari.addDataSourceProperty("connectTimeout", Long.toString(seconds));
        hikari.addDataSourceProperty("socketTimeout", "60");
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        hikari.addDataSourceProperty("ApplicationName", "research-assistant " + name);
        return hikari;
    }

    private static void migrate(
            org.flywaydb.core.api.configuration.FluentConfiguration flyway, Dialect dialect, String name) {
        try {
            // db/migration is portable; db/sqlite and db/postgresql hold what cannot be (full-text search)
            flyway.locations(
                            "classpath:db/migration",
                            "classpath:db/" + dialect.name().toLowerCase(Locale.ROOT))
                    .placeholders(dialect.migrationPlaceholders())
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the " + dialect + " " + name + " database: " + rootMessage(e), e);
        }
    }

    /**
     * Runs {@code work} in one transaction; commits, or rolls back and throws on failure. The work runs
     * on a thread of its own, out of reach of interrupts; an interrupt of the caller meanwhile is
     * kept for after (see the class comment). Work must not start another transaction.
     */
    public <T> T transaction(String operation, Work<T> work) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(work, "work");
        FutureTask<T> task = new FutureTask<>(() -> transactionHere(operation, work));
        Thread.ofVirtual().name("db-" + name).start(task);
        return awaitUninterrupted(task);
    }

    /** Waits for the task however often the caller is interrupted, then restores the interrupt. */
    private static <T> T awaitUninterrupted(FutureTask<T> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    // the transaction's own exception, whose trace names the work that failed
                    switch (e.getCause()) {
                        case RuntimeException runtime -> throw runtime;
                        case Error error -> throw error;
                        default -> throw new StoreException("a transaction failed unexpectedly", e.getCause());
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <T> T transactionHere(String operation, Work<T> work) {
        try {
            return connections.inTransaction(work);
        } catch (SQLException e) {
            if (unreachable(e)) {
                throw new StoreUnavailableException(
                        "the " + name + " database is unavailable, so the store could not " + operation, e);
            }
            throw new StoreException(name + " store could not " + operation, e);
        }
    }

    /** A lost or refused connection, as opposed to a statement the database rejected. */
    static boolean unreachable(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exception; 57P: server shutting down, starting up or crashed;
                // 53300: too many connections
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message =
                Objects.requireNonNullElse(root.getMessage(), root.getClass().getSimpleName());
        return DatabaseConfig.redact(message);
    }

    /** "SQLITE" or "POSTGRESQL". */
    public String dialect() {
        return dialect.name();
    }

    @Override
    public void close() {
        try {
            connections.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the " + name + " database", e);
        }
    }

    private static final class Single implements Connections {
        private final Connection connection;
        private final ReentrantLock lock = new ReentrantLock(true);

        Single(Connection connection) {
            this.connection = connection;
        }

        @Override
        public <T> T inTransaction(Work<T> work) throws SQLException {
            lock.lock();
            try {
                return commitOrRollBack(connection, work);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() throws SQLException {
            lock.lock();
            try {
                connection.close();
            } finally {
                lock.unlock();
            }
        }
    }

    private static final class Pooled implements Connections {
        private final HikariDataSource pool;

        Pooled(HikariDataSource pool) {
            this.pool = pool;
        }

        @Override
        public <T> T inTransaction(Work<T> work) throws SQLException {
            try (Connection connection = pool.getConnection()) {
                return commitOrRollBack(connection, work);
            }
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    private static <T> T commitOrRollBack(Connection connection, Work<T> work) throws SQLException {
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }
}
