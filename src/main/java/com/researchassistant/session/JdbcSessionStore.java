package com.researchassistant.session;

import com.researchassistant.chat.ConversationHit;
import com.researchassistant.chat.ConversationSearch;
import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.chat.SessionSummary;
import com.researchassistant.chat.SessionWindow;
import com.researchassistant.chat.Turn;
import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.db.Database;
import com.researchassistant.db.Identifiers;
import com.researchassistant.db.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SessionStore} over plain JDBC: SQLite or PostgreSQL through the same SQL. How
 * connections are shared (one behind a lock for SQLite, a pool for PostgreSQL) is {@link
 * Database}'s business.
 *
 * <p>Times are kept in milliseconds, so what {@link #create} returns equals what {@link #find}
 * reads back.
 */
public final class JdbcSessionStore implements SessionStore, ConversationSearch, AutoCloseable {

    static final int MAX_TITLE_LENGTH = 200;

    private static final Logger log = LoggerFactory.getLogger(JdbcSessionStore.class);

    private final Database database;
    private final Clock clock;
    private final TurnCodec codec = new TurnCodec();

    private JdbcSessionStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Applies the migrations under {@code db/migration} and opens the store.
     *
     * @param jdbcUrl {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql:...}
     */
    public static JdbcSessionStore open(String jdbcUrl, Clock clock) {
        return open(DatabaseConfig.of(Objects.requireNonNull(jdbcUrl, "jdbcUrl")), clock);
    }

    /** Applies the migrations and opens the store on the configured database. */
    public static JdbcSessionStore open(DatabaseConfig config, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        Database database = Database.open(config, "session");
        log.info("Session store open on {}", database.dialect());
        return new JdbcSessionStore(database, clock);
    }

    @Override
    public Session create(String owner, String title) {
        Identifiers.requireOwner(owner);
        requireTitle(title);
        Instant now = now();
        Session created = new Session(Identifiers.newId(), owner, title, now, now, List.of());
        return transaction("create a session", c -> {
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO sessions (id, owner, title, created_at, updated_at, turn_count)"
                            + " VALUES (?, ?, ?, ?, ?, 0)")) {
                insert.setString(1, created.id());
                insert.setString(2, owner);
                insert.setString(3, title);
                insert.setLong(4, created.createdAt().toEpochMilli());
                insert.setLong(5, created.updatedAt().toEpochMilli());
                insert.executeUpdate();
            }
            SearchText.insert(c, owner, created.id(), 0, title);
            return created;
        });
    }

    @Override
    public Optional<Session> find(String owner, String sessionId) {
        Identifiers.requireOwner(owner);
        Identifiers.requireSessionId(sessionId);
        return transaction("find a session", c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT title, created_at, updated_at FROM sessions WHERE id = ? AND owner = ?")) {
                select.setString(1, sessionId);
                select.setString(2, owner);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Session(
                            sessionId,
                            owner,
                            row.getString(1),
                            Instant.ofEpochMilli(row.getLong(2)),
                            Instant.ofEpochMilli(row.getLong(3)),
                            turns(c, sessionId, 0, Integer.MAX_VALUE)));
                }
            }
        });
    }

    /**
     * Reads the session row and the turns the window needs, through the {@code (session_id, seq)}
     * index, so the cost follows {@code maxTurns}, not the conversation's length. The turns are
     * bounded by the turn count read first: under READ COMMITTED an append committing between the
     * two statements must not put a turn in the window beyond its count.
     */
    @Override
    public Optional<SessionWindow> findRecent(String owner, String sessionId, int maxTurns) {
        Identifiers.requireOwner(owner);
        Identifiers.requireSessionId(sessionId);
        SessionWindow.requireMaxTurns(maxTurns);
        return transaction("find a session's recent turns", c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT title, created_at, updated_at, turn_count FROM sessions WHERE id = ? AND owner = ?")) {
                select.setString(1, sessionId);
                select.setString(2, owner);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    int count = row.getInt(4);
                    List<Turn> turns = maxTurns == 0 || count == 0
                            ? List.of()
                            : turns(c, sessionId, Math.max(0, count - maxTurns), count);
                    return Optional.of(new SessionWindow(
                            sessionId,
                            owner,
                            row.getString(1),
                            Instant.ofEpochMilli(row.getLong(2)),
                            Instant.ofEpochMilli(row.getLong(3)),
                            count,
                            turns));
                }
            }
        });
    }

    /** The turns with {@code after < seq <= through}, oldest first. */
    private List<Turn> turns(Connection c, String sessionId, int after, int through) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT id, seq, created_at, body FROM turns"
                + " WHERE session_id = ? AND seq > ? AND seq <= ? ORDER BY seq")) {
            select.setString(1, sessionId);
            select.setInt(2, after);
            select.setInt(3, through);
            try (ResultSet rows = select.executeQuery()) {
                List<Turn> turns = new ArrayList<>();
                while (rows.next()) {
                    String id = rows.getString(1);
                    turns.add(new Turn(id, rows.getInt(2), Instant.ofEpochMilli(rows.getLong(3)), decode(id, rows)));
                }
                return turns;
            }
        }
    }

    private NewTurn decode(String turnId, ResultSet rows) throws SQLException {
        try {
            return codec.decode(rows.getBytes(4));
        } catch (StoreException e) {
            throw new StoreException("cannot read turn " + turnId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<SessionSummary> list(String owner) {
        Identifiers.requireOwner(owner);
        return transaction("list sessions", c -> {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT id, title, created_at, updated_at, turn_count FROM sessions"
                            + " WHERE owner = ? ORDER BY updated_at DESC, id")) {
                select.setString(1, owner);
                try (ResultSet rows = select.executeQuery()) {
                    List<SessionSummary> summaries = new ArrayList<>();
                    while (rows.next()) {
                        summaries.add(summary(rows));
                    }
                    return List.copyOf(summaries);
                }
            }
        });
    }

    /**
     * Bumps the session's turn count and takes the new count as the seq, in the same transaction
     * as the insert. The UPDATE locks the session row until the commit (PostgreSQL, also under READ
     * COMMITTED, where a second UPDATE waits and then re-reads the committed count) or the whole
     * database (SQLite), so concurrent appends, from this process or another instance, get
     * distinct, gapless seqs. RETURNING saves the round trip of reading the count back.
     */
    @Override
    public Optional<Turn> append(String owner, String sessionId, NewTurn turn) {
        Identifiers.requireOwner(owner);
        Identifiers.requireSessionId(sessionId);
        Objects.requireNonNull(turn, "turn");
        byte[] body = codec.encode(turn);
        Instant now = now();
        return transaction("append a turn", c -> {
            OptionalInt seq = bumpTurnCount(c, owner, sessionId, now);
            if (seq.isEmpty()) {
                return Optional.empty();
            }
            Turn stored = new Turn(Identifiers.newId(), seq.getAsInt(), now, turn);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO turns (id, session_id, seq, created_at, body) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, stored.id());
                insert.setString(2, sessionId);
                insert.setInt(3, stored.seq());
                insert.setLong(4, now.toEpochMilli());
                insert.setBytes(5, body);
                insert.executeUpdate();
            }
            if (searchable(turn)) {
                SearchText.insert(c, owner, sessionId, stored.seq(), turn.content());
            }
            return Optional.of(stored);
        });
    }

    private static OptionalInt bumpTurnCount(Connection c, String owner, String sessionId, Instant now)
            throws SQLException {
        try (PreparedStatement bump = c.prepareStatement("UPDATE sessions SET turn_count = turn_count + 1,"
                + " updated_at = ? WHERE id = ? AND owner = ? RETURNING turn_count")) {
            bump.setLong(1, now.toEpochMilli());
            bump.setString(2, sessionId);
            bump.setString(3, owner);
            try (ResultSet row = bump.executeQuery()) {
                return row.next() ? OptionalInt.of(row.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    @Override
    public Optional<SessionSummary> rename(String owner, String sessionId, String title) {
        Identifiers.requireOwner(owner);
        Identifiers.requireSessionId(sessionId);
        requireTitle(title);
        return transaction("rename a session", c -> {
            try (PreparedStatement update =
                    c.prepareStatement("UPDATE sessions SET title = ? WHERE id = ? AND owner = ?")) {
                update.setString(1, title);
                update.setString(2, sessionId);
                update.setString(3, owner);
                if (update.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            SearchText.retitle(c, sessionId, title);
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT id, title, created_at, updated_at, turn_count FROM sessions WHERE id = ?")) {
                select.setString(1, sessionId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new SQLException("session row vanished inside its own transaction");
                    }
                    return Optional.of(summary(row));
                }
            }
        });
    }

    private static SessionSummary summary(ResultSet row) throws SQLException {
        return new SessionSummary(
                row.getString(1),
                row.getString(2),
                Instant.ofEpochMilli(row.getLong(3)),
                Instant.ofEpochMilli(row.getLong(4)),
                row.getInt(5));
    }

    @Override
    public boolean delete(String owner, String sessionId) {
        Identifiers.requireOwner(owner);
        Identifiers.requireSessionId(sessionId);
        return transaction("delete a session", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM sessions WHERE id = ? AND owner = ?")) {
                delete.setString(1, sessionId);
                delete.setString(2, owner);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public int purgeUpdatedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return transaction("purge sessions", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM sessions WHERE updated_at < ?")) {
                delete.setLong(1, cutoff.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public void close() {
        database.close();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Messages and answers are searchable; server notices are not the person's words. */
    private static boolean searchable(NewTurn turn) {
        return turn.status() != NewTurn.Status.NOTICE && !turn.content().isBlank();
    }

    @Override
    public List<ConversationHit> search(String owner, String query, int limit) {
        Identifiers.requireOwner(owner);
        Objects.requireNonNull(query, "query");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        List<String> words = SearchText.words(query);
        if (words.isEmpty()) {
            return List.of();
        }
        return transaction("search conversations", c -> SearchText.search(c, database.dialect(), owner, words, limit));
    }

    /**
     * Moves every session of one identity to another (devices linked into one account), with its
     * searchable text, in one transaction.
     *
     * @return the ids of the sessions moved, for caches to drop
     */
    public List<String> transferOwner(String from, String to) {
        Identifiers.requireOwner(from);
        Identifiers.requireOwner(to);
        return transaction("move sessions to another owner", c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT id FROM sessions WHERE owner = ?")) {
                select.setString(1, from);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE sessions SET owner = ? WHERE owner = ?")) {
                update.setString(1, to);
                update.setString(2, from);
                update.executeUpdate();
            }
            SearchText.transfer(c, from, to);
            return List.copyOf(ids);
        });
    }

    /**
     * Makes up to {@code maxSessions} sessions stored before search existed searchable; returns how
     * many it did (0 once none is left). Each session is one transaction; an append meanwhile adds
     * its own row, which the backfill then leaves alone.
     */
    public int backfillSearch(int maxSessions) {
        List<String> ids = transaction("find sessions to make searchable", c -> SearchText.unindexed(c, maxSessions));
        for (String id : ids) {
            transaction("make a session searchable", c -> {
                try (PreparedStatement select =
                        c.prepareStatement("SELECT owner, title, turn_count FROM sessions WHERE id = ?")) {
                    select.setString(1, id);
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            return null; // deleted meanwhile
                        }
                        String owner = row.getString(1);
                        for (Turn turn : turns(c, id, 0, row.getInt(3))) {
                            if (searchable(turn.body())) {
                                SearchText.insert(
                                        c, owner, id, turn.seq(), turn.body().content());
                            }
                        }
                        SearchText.insert(c, owner, id, 0, row.getString(2));
                    }
                }
                return null;
            });
        }
        return ids.size();
    }

    private static void requireTitle(String title) {
        Objects.requireNonNull(title, "title");
        if (title.length() > MAX_TITLE_LENGTH) {
            throw new IllegalArgumentException(
                    "title must be at most " + MAX_TITLE_LENGTH + " characters: " + title.length());
        }
        if (title.indexOf('\0') >= 0) {
            // PostgreSQL TEXT cannot hold NUL; refuse it on SQLite too so both behave alike
            throw new IllegalArgumentException("title must not contain NUL characters");
        }
    }

    private <T> T transaction(String operation, Database.Work<T> work) {
        return database.transaction(operation, work);
    }
}
