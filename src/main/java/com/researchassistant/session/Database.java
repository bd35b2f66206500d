package com.researchassistant.session;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The durable store's database: the migrations under {@code db/migration} applied once, then one
 * JDBC connection that runs one transaction at a time. SQLite takes a single writer anyway and
 * active sessions are read from the hot cache; a fair {@link ReentrantLock} parks waiting virtual
 * threads without pinning them. The session store and the library each open their own.
 */
public final class Database implements AutoCloseable {

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Connection connection;
    private final Dialect dialect;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock(true);

    private Database(Connection connection, Dialect dialect, String name) {
        this.connection = connection;
        this.dialect = dialect;
        this.name = name;
    }

    /**
     * Migrates and opens {@code jdbcUrl} ({@code jdbc:sqlite:<file>} or {@code jdbc:postgresql:...}).
     *
     * @param name what the database holds, for messages ("session", "library")
     */
    public static Database open(String jdbcUrl, String name) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(name, "name");
        Dialect dialect = Dialect.of(jdbcUrl);
        try {
            Flyway.configure()
                    .dataSource(jdbcUrl, null, null)
                    .locations("classpath:db/migration")
                    .placeholders(dialect.migrationPlaceholders())
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new SessionStoreException("cannot migrate the " + dialect + " " + name + " database", e);
        }
        try {
            Connection connection = DriverManager.getConnection(jdbcUrl);
            try (Statement statement = connection.createStatement()) {
                for (String sql : dialect.connectionSetup()) {
                    statement.execute(sql);
                }
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return new Database(connection, dialect, name);
        } catch (SQLException e) {
            throw new SessionStoreException("cannot open the " + dialect + " " + name + " database", e);
        }
    }

    /** Runs {@code work} in one transaction; commits, or rolls back and throws on failure. */
    public <T> T transaction(String operation, Work<T> work) {
        lock.lock();
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollback(e);
            throw new SessionStoreException(name + " store could not " + operation, e);
        } catch (RuntimeException e) {
            rollback(e);
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private void rollback(Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** "SQLITE" or "POSTGRESQL". */
    public String dialect() {
        return dialect.name();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new SessionStoreException("cannot close the " + name + " database", e);
        } finally {
            lock.unlock();
        }
    }
}
