-- Pruning the library's change log (V3). Portable between SQLite and PostgreSQL.
--
-- library_replicas: how far each instance's index has applied the log (applied, a change id) and
-- when the instance last said so (seen_at, epoch milliseconds), reported every upkeep round. An
-- instance seen within the retention bound is live; entries every live instance has applied are
-- pruned. Entries older than the bound are pruned whoever still lacks them: an instance that was
-- away that long finds the log pruned past its position and rebuilds its index from passages.
--
-- library_change_head.pruned_through: the last change id pruned. Pruning removes a prefix of the
-- log, so a reader at position p has missed nothing unless pruned_through > p.

ALTER TABLE library_change_head ADD COLUMN pruned_through BIGINT NOT NULL DEFAULT 0;

CREATE TABLE library_replicas (
    instance TEXT   NOT NULL PRIMARY KEY,
    applied  BIGINT NOT NULL,
    seen_at  BIGINT NOT NULL
);

CREATE INDEX library_changes_created ON library_changes (created_at);
