package com.researchassistant.job;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.db.Database;
import com.researchassistant.db.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Jobs and their events in the database the sessions use (SQLite or PostgreSQL, the same SQL).
 * Every change is durable when the call returns. Methods that take an owner treat another
 * owner's job as one that does not exist.
 */
public final class JobStore implements AutoCloseable {

    /** The most events one read returns; a reader catching up reads again. */
    static final int MAX_EVENTS_PER_READ = 500;

    private static final String COLUMNS = "id, owner, kind, session_id, status, input, checkpoint, result, failure,"
            + " last_event, cancel_requested, created_at, updated_at";

    private final Database database;
    private final Clock clock;

    JobStore(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Applies the migrations and opens the store on the configured database. */
    public static JobStore open(DatabaseConfig config, Clock clock) {
        return new JobStore(Database.open(config, "jobs"), clock);
    }

    /**
     * Records a new queued job, claimed at once by {@code runner} until {@code leaseUntil}, so that
     * no other instance takes it for an orphan.
     */
    Job create(
            String owner, Job.Kind kind, Optional<String> sessionId, String input, String runner, Instant leaseUntil) {
        Identifiers.requireOwner(owner);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(input, "input");
        Instant now = now();
        Job job = new Job(
                Identifiers.newId(),
                owner,
                kind,
                sessionId,
                Job.Status.QUEUED,
                input,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                0,
                false,
                now,
                now);
        return database.transaction("create a job", c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO jobs (id, owner, kind, session_id, status,"
                    + " input, last_event, cancel_requested, runner, lease_until, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?)")) {
                insert.setString(1, job.id());
                insert.setString(2, owner);
                insert.setString(3, kind.id());
                insert.setString(4, sessionId.orElse(null));
                insert.setString(5, job.status().id());
                insert.setString(6, input);
                insert.setString(7, runner);
                insert.setLong(8, leaseUntil.toEpochMilli());
                insert.setLong(9, now.toEpochMilli());
                insert.setLong(10, now.toEpochMilli());
                insert.executeUpdate();
            }
            return job;
        });
    }

    /** The owner's job. */
    public Optional<Job> find(String owner, String jobId) {
        Identifiers.requireOwner(owner);
        Objects.requireNonNull(jobId, "jobId");
        return database.transaction(
                "find a job",
                c -> selectOne(c, "SELECT " + COLUMNS + " FROM jobs WHERE id = ? AND owner = ?", jobId, owner));
    }

    /** A job whoever owns it: for the instance that runs it. */
    Optional<Job> get(String jobId) {
        return database.transaction(
                "read a job", c -> selectOne(c, "SELECT " + COLUMNS + " FROM jobs WHERE id = ?", jobId));
    }

    /** The owner's jobs of a kind, newest first, at most {@code limit}. */
    public List<Job> list(String owner, Job.Kind kind, int limit) {
        Identifiers.requireOwner(owner);
        return database.transaction("list jobs", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM jobs WHERE owner = ? AND kind = ? ORDER BY created_at DESC, id LIMIT ?")) {
                select.setString(1, owner);
                select.setString(2, kind.id());
                select.setInt(3, limit);
                return jobs(select);
            }
        });
    }

    /** The owner's jobs of a kind in one conversation, newest first, at most {@code limit}. */
    public List<Job> listInSession(String owner, Job.Kind kind, String sessionId, int limit) {
        Identifiers.requireOwner(owner);
        Objects.requireNonNull(sessionId, "sessionId");
        return database.transaction("list a conversation's jobs", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs"
                    + " WHERE owner = ? AND kind = ? AND session_id = ? ORDER BY created_at DESC, id LIMIT ?")) {
                select.setString(1, owner);
                select.setString(2, kind.id());
                select.setString(3, sessionId);
                select.setInt(4, limit);
                return jobs(select);
            }
        });
    }

    /** How many of the owner's jobs of a kind are queued or running. */
    int unfinished(String owner, Job.Kind kind) {
        return database.transaction("count jobs", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM jobs"
                    + " WHERE owner = ? AND kind = ? AND status IN ('queued', 'running')")) {
                select.setString(1, owner);
                select.setString(2, kind.id());
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getInt(1);
                }
            }
        });
    }

    /**
     * Appends an event to an unfinished job and returns it; empty when the job has finished (or is
     * gone), so nothing is ever added after its last word.
     */
    Optional<JobEvent> append(String jobId, String name, String data) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        Instant now = now();
        return database.transaction("record a job event", c -> {
            try (PreparedStatement bump = c.prepareStatement("UPDATE jobs SET last_event = last_event + 1,"
                    + " updated_at = ? WHERE id = ? AND status IN ('queued', 'running')")) {
                bump.setLong(1, now.toEpochMilli());
                bump.setString(2, jobId);
                if (bump.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            long seq = lastEvent(c, jobId);
            insertEvent(c, jobId, seq, name, data, now);
            return Optional.of(new JobEvent(seq, name, data, now));
        });
    }

    /** The job's events after {@code afterSeq}, oldest first, at most {@link #MAX_EVENTS_PER_READ}. */
    public List<JobEvent> events(String jobId, long afterSeq) {
        return database.transaction("read job events", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT seq, name, data, created_at FROM job_events"
                    + " WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
                select.setString(1, jobId);
                select.setLong(2, afterSeq);
                select.setInt(3, MAX_EVENTS_PER_READ);
                try (ResultSet rows = select.executeQuery()) {
                    List<JobEvent> events = new ArrayList<>();
                    while (rows.next()) {
                        events.add(new JobEvent(
                                rows.getLong(1),
                                rows.getString(2),
                                rows.getString(3),
                                Instant.ofEpochMilli(rows.getLong(4))));
                    }
                    return events;
                }
            }
        });
    }

    /**
     * Takes an unfinished job for {@code runner} until {@code leaseUntil}, if nobody holds it or its
     * holder's lease ran out; the job becomes running. False when someone else holds it or it ended.
     */
    boolean claim(String jobId, String runner, Instant leaseUntil) {
        Instant now = now();
        return database.transaction("claim a job", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE jobs SET runner = ?, lease_until = ?,"
                    + " status = 'running', updated_at = ? WHERE id = ? AND status IN ('queued', 'running')"
                    + " AND (runner IS NULL OR runner = ? OR lease_until < ?)")) {
                update.setString(1, runner);
                update.setLong(2, leaseUntil.toEpochMilli());
                update.setLong(3, now.toEpochMilli());
                update.setString(4, jobId);
                update.setString(5, runner);
                update.setLong(6, now.toEpochMilli());
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Extends the runner's claims on these jobs. */
    void renew(Collection<String> jobIds, String runner, Instant leaseUntil) {
        if (jobIds.isEmpty()) {
            return;
        }
        database.transaction("renew job leases", c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE jobs SET lease_until = ? WHERE id = ? AND runner = ? AND status IN ('queued', 'running')")) {
                for (String id : jobIds) {
                    update.setLong(1, leaseUntil.toEpochMilli());
                    update.setString(2, id);
                    update.setString(3, runner);
                    update.addBatch();
                }
                update.executeBatch();
            }
            return null;
        });
    }

    /**
     * Unfinished jobs nobody holds any more: queued or running, with no runner or a lease that ran
     * out before now (their instance died). Oldest first, at most {@code limit}.
     */
    List<Job> orphaned(int limit) {
        Instant now = now();
        return database.transaction("find orphaned jobs", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs"
                    + " WHERE status IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < ?)"
                    + " ORDER BY created_at LIMIT ?")) {
                select.setLong(1, now.toEpochMilli());
                select.setInt(2, limit);
                return jobs(select);
            }
        });
    }

    /** Records how far the job got. */
    void checkpoint(String jobId, String checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        update(
                "record a job checkpoint",
                "UPDATE jobs SET checkpoint = ?, updated_at = ? WHERE id = ?",
                checkpoint,
                jobId);
    }

    /**
     * Ends the job with its last event, in one transaction: {@code status} must be finished. False
     * when it had already ended.
     */
    boolean finish(
            String jobId,
            Job.Status status,
            Optional<String> result,
            Optional<String> failure,
            String eventName,
            String eventData) {
        if (!status.finished()) {
            throw new IllegalArgumentException("a job ends done, failed or cancelled, not " + status);
        }
        Instant now = now();
        return database.transaction("finish a job", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE jobs SET status = ?, result = ?, failure = ?,"
                    + " last_event = last_event + 1, runner = NULL, lease_until = NULL, updated_at = ?"
                    + " WHERE id = ? AND status IN ('queued', 'running')")) {
                update.setString(1, status.id());
                update.setString(2, result.orElse(null));
                update.setString(3, failure.orElse(null));
                update.setLong(4, now.toEpochMilli());
                update.setString(5, jobId);
                if (update.executeUpdate() == 0) {
                    return false;
                }
            }
            insertEvent(c, jobId, lastEvent(c, jobId), eventName, eventData, now);
            return true;
        });
    }

    /** Asks the owner's unfinished job to stop; false when there is no such job or it has ended. */
    boolean requestCancel(String owner, String jobId) {
        Identifiers.requireOwner(owner);
        return database.transaction("cancel a job", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE jobs SET cancel_requested = 1, updated_at = ?"
                    + " WHERE id = ? AND owner = ? AND status IN ('queued', 'running')")) {
                update.setLong(1, now().toEpochMilli());
                update.setString(2, jobId);
                update.setString(3, owner);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Those of {@code jobIds} someone asked to stop. */
    Set<String> cancelRequested(Collection<String> jobIds) {
        Set<String> requested = new HashSet<>();
        if (jobIds.isEmpty()) {
            return requested;
        }
        return database.transaction("read cancel requests", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT cancel_requested FROM jobs WHERE id = ?")) {
                for (String id : jobIds) {
                    select.setString(1, id);
                    try (ResultSet row = select.executeQuery()) {
                        if (row.next() && row.getInt(1) != 0) {
                            requested.add(id);
                        }
                    }
                }
            }
            return requested;
        });
    }

    /**
     * Gives every job of {@code from} to {@code to} (devices linked into one account), unless one
     * of them is still queued or running: a running job holds its owner in memory and would go on
     * writing as the old one. Then nothing moves and this answers false.
     */
    public boolean transferOwner(String from, String to) {
        return database.transaction("transfer jobs", c -> {
            try (PreparedStatement unfinished =
                    c.prepareStatement("SELECT 1 FROM jobs WHERE owner = ? AND status IN ('queued', 'running')")) {
                unfinished.setString(1, from);
                try (ResultSet row = unfinished.executeQuery()) {
                    if (row.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE jobs SET owner = ? WHERE owner = ?")) {
                update.setString(1, to);
                update.setString(2, from);
                update.executeUpdate();
            }
            return true;
        });
    }

    /** Deletes finished jobs (and their events) last changed before {@code cutoff}; returns how many. */
    public int purgeFinishedBefore(Instant cutoff) {
        return database.transaction("purge jobs", c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM jobs WHERE status IN ('done', 'failed', 'cancelled') AND updated_at < ?")) {
                delete.setLong(1, cutoff.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }

    private void update(String operation, String sql, String value, String jobId) {
        Instant now = now();
        database.transaction(operation, c -> {
            try (PreparedStatement update = c.prepareStatement(sql)) {
                update.setString(1, value);
                update.setLong(2, now.toEpochMilli());
                update.setString(3, jobId);
                update.executeUpdate();
            }
            return null;
        });
    }

    private static long lastEvent(Connection c, String jobId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT last_event FROM jobs WHERE id = ?")) {
            select.setString(1, jobId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("job row vanished inside its own transaction");
                }
                return row.getLong(1);
            }
        }
    }

    private static void insertEvent(Connection c, String jobId, long seq, String name, String data, Instant at)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO job_events (job_id, seq, name, data, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, jobId);
            insert.setLong(2, seq);
            insert.setString(3, name);
            insert.setString(4, data);
            insert.setLong(5, at.toEpochMilli());
            insert.executeUpdate();
        }
    }

    private static Optional<Job> selectOne(Connection c, String sql, String... parameters) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            List<Job> found = jobs(select);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static List<Job> jobs(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            List<Job> jobs = new ArrayList<>();
            while (rows.next()) {
                jobs.add(new Job(
                        rows.getString(1),
                        rows.getString(2),
                        Job.Kind.of(rows.getString(3)),
                        Optional.ofNullable(rows.getString(4)),
                        Job.Status.of(rows.getString(5)),
                        rows.getString(6),
                        Optional.ofNullable(rows.getString(7)),
                        Optional.ofNullable(rows.getString(8)),
                        Optional.ofNullable(rows.getString(9)),
                        rows.getLong(10),
                        rows.getInt(11) != 0,
                        Instant.ofEpochMilli(rows.getLong(12)),
                        Instant.ofEpochMilli(rows.getLong(13))));
            }
            return jobs;
        }
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    @Override
    public void close() {
        database.close();
    }
}
