-- Three-way reconciliation: a run either repairs Attio (mode repair) or only reports what
-- differs (mode check, the drift check). Each difference it finds between Toggl, the local
-- map and Attio is a finding; a repair run's findings are what it repaired.

ALTER TABLE resync_runs ADD COLUMN mode TEXT NOT NULL DEFAULT 'repair';            -- repair | check
-- Deletion by absence: a run that would remove more than the connection's share of the
-- window's entries stops in status 'confirm' until someone confirms (1) or declines (-1).
ALTER TABLE resync_runs ADD COLUMN deletions_confirmed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE resync_runs ADD COLUMN attio_reads INTEGER NOT NULL DEFAULT 0;         -- Attio list pages read
ALTER TABLE resync_runs ADD COLUMN attio_entries INTEGER NOT NULL DEFAULT 0;       -- Attio entries read for the window
ALTER TABLE resync_runs ADD COLUMN toggl_seconds INTEGER NOT NULL DEFAULT 0;       -- seconds of the entries the walk read
ALTER TABLE resync_runs ADD COLUMN totals_seconds INTEGER NOT NULL DEFAULT -1;     -- Reports totals for the window (-1 not asked)

CREATE TABLE resync_findings (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES resync_runs (id) ON DELETE CASCADE,
    connection_id   INTEGER NOT NULL,
    time_entry_id   INTEGER NOT NULL,
    -- missing | recreated | outdated | edited | moved | duplicate | orphan | adopted
    kind            TEXT NOT NULL,
    attio_entry_id  TEXT NOT NULL DEFAULT '',
    detail          TEXT NOT NULL DEFAULT '{}',   -- JSON: before and after of each differing attribute
    audit_id        INTEGER NOT NULL DEFAULT 0,   -- the audit row of the repair (repair runs)
    created_at      INTEGER NOT NULL,
    UNIQUE (run_id, time_entry_id, kind, attio_entry_id)
) STRICT;

CREATE INDEX resync_findings_run ON resync_findings (run_id, kind);
