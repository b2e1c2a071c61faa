-- Resync: one row per reconciliation and backfill of a connection, holding the checkpoint a
-- restarted process resumes from, and every time entry a resync saw. Times are unix ms.

CREATE TABLE resync_runs (
    id                 INTEGER PRIMARY KEY,
    connection_id      INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    window_start       INTEGER NOT NULL,               -- first day, UTC midnight
    window_end         INTEGER NOT NULL,               -- last day (inclusive), UTC midnight
    status             TEXT NOT NULL DEFAULT 'queued', -- queued | running | paused | cancelling | cancelled | done | failed
    phase              TEXT NOT NULL DEFAULT 'names',  -- names | entries | deletions | finished
    source             TEXT NOT NULL DEFAULT '',       -- reports | me (the plan lacks Reports)
    note               TEXT NOT NULL DEFAULT '',       -- a limitation the console states
    requested_by       TEXT NOT NULL DEFAULT '',       -- console | cli
    -- The Reports cursor of the next page to fetch (X-Next-ID, X-Next-Row-Number, X-Next-Timestamp).
    cursor_next_id     INTEGER NOT NULL DEFAULT 0,
    cursor_row_number  INTEGER NOT NULL DEFAULT 0,
    cursor_timestamp   INTEGER NOT NULL DEFAULT 0,
    cursor_start       INTEGER NOT NULL DEFAULT 0,     -- start of the last entry checkpointed: progress by date
    pages              INTEGER NOT NULL DEFAULT 0,     -- report pages applied
    toggl_requests     INTEGER NOT NULL DEFAULT 0,     -- Toggl requests this run made
    estimate_requests  INTEGER NOT NULL DEFAULT 0,     -- Toggl requests estimated before starting
    entries_expected   INTEGER NOT NULL DEFAULT 0,     -- entries estimated (exact once /me/time_entries answered)
    names_summary      TEXT NOT NULL DEFAULT '',       -- what reconciling clients, projects and users did
    quota_remaining    INTEGER NOT NULL DEFAULT -1,    -- last X-Toggl-Quota-Remaining seen (-1 unknown)
    quota_reset_at     INTEGER NOT NULL DEFAULT 0,
    paused_until       INTEGER NOT NULL DEFAULT 0,     -- waiting for the quota to reset
    unstable           INTEGER NOT NULL DEFAULT 0,     -- paging shifted under the walk: no deletion by absence
    active_ms          INTEGER NOT NULL DEFAULT 0,     -- time spent working (not paused), for the ETA
    error              TEXT NOT NULL DEFAULT '',
    created_at         INTEGER NOT NULL,
    started_at         INTEGER NOT NULL DEFAULT 0,
    updated_at         INTEGER NOT NULL,
    finished_at        INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX resync_runs_connection ON resync_runs (connection_id, id);
CREATE INDEX resync_runs_status ON resync_runs (status);

-- The last outcome of every time entry a resync applied: counts per run stay exact across a
-- restart (an entry already recorded for the run is not applied again), and a later run over
-- the same days can tell which entries Toggl no longer reports.
CREATE TABLE resync_entries (
    connection_id  INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    time_entry_id  INTEGER NOT NULL,
    start_at       INTEGER NOT NULL DEFAULT 0,
    run_id         INTEGER NOT NULL,
    outcome        TEXT NOT NULL,                  -- created | updated | unchanged | stale | deleted | unroutable | failed
    error          TEXT NOT NULL DEFAULT '',
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (connection_id, time_entry_id)
) STRICT;

CREATE INDEX resync_entries_run ON resync_entries (run_id, outcome);
CREATE INDEX resync_entries_start ON resync_entries (connection_id, start_at);
