-- Long jobs a person starts and may follow from any device: research reports and library imports.
-- Portable between SQLite and PostgreSQL; times are epoch milliseconds as in V1.
--
-- jobs: one row per job. input is the job kind's own JSON (the question, the files to import);
-- checkpoint is the kind's own JSON of how far it got, so a job whose instance died resumes from
-- there; result is its JSON summary once finished. last_event is the seq of its newest event.
-- runner / lease_until: which instance runs the job and until when that claim holds unless
-- renewed; another instance resumes the job once the claim has run out (as documents in V3).
--
-- job_events: what a job reported, in order: replayed to a client that reconnects with the last
-- seq it saw (SSE Last-Event-ID), so it gets what it missed and nothing twice.

CREATE TABLE jobs (
    id                TEXT    NOT NULL PRIMARY KEY,
    owner             TEXT    NOT NULL,
    kind              TEXT    NOT NULL CHECK (kind IN ('research', 'import')),
    session_id        TEXT,
    status            TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    input             TEXT    NOT NULL,
    checkpoint        TEXT,
    result            TEXT,
    failure           TEXT,
    last_event        BIGINT  NOT NULL DEFAULT 0,
    cancel_requested  INTEGER NOT NULL DEFAULT 0,
    runner            TEXT,
    lease_until       BIGINT,
    created_at        BIGINT  NOT NULL,
    updated_at        BIGINT  NOT NULL
);

CREATE INDEX jobs_owner_kind_created ON jobs (owner, kind, created_at);
CREATE INDEX jobs_status_lease ON jobs (status, lease_until);

CREATE TABLE job_events (
    job_id      TEXT    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    seq         BIGINT  NOT NULL,
    name        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (job_id, seq)
);
