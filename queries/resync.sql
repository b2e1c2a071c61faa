-- name: CreateResyncRun :one
INSERT INTO resync_runs (connection_id, window_start, window_end, status, requested_by, estimate_requests, entries_expected, created_at, updated_at)
VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?)
RETURNING *;

-- name: GetResyncRun :one
SELECT * FROM resync_runs WHERE id = ?;

-- name: ListResyncRuns :many
SELECT * FROM resync_runs WHERE connection_id = ? ORDER BY id DESC LIMIT ?;

-- name: ActiveResyncRun :one
-- The unfinished run of a connection, if any (at most one is started per connection).
SELECT * FROM resync_runs
WHERE connection_id = ? AND status IN ('queued', 'running', 'paused', 'cancelling', 'confirm')
ORDER BY id LIMIT 1;

-- name: ListUnfinishedResyncRuns :many
SELECT * FROM resync_runs WHERE status IN ('queued', 'running', 'paused', 'cancelling') ORDER BY id;

-- name: SetResyncRunStatus :exec
-- Moves a running run on, unless a cancel was requested meanwhile: that one stays until the
-- runner sees it and finishes the run as cancelled.
UPDATE resync_runs SET status = sqlc.arg(status), phase = sqlc.arg(phase), source = sqlc.arg(source), note = sqlc.arg(note),
    paused_until = sqlc.arg(paused_until), error = sqlc.arg(error), quota_remaining = sqlc.arg(quota_remaining),
    quota_reset_at = sqlc.arg(quota_reset_at), active_ms = sqlc.arg(active_ms), toggl_requests = sqlc.arg(toggl_requests),
    started_at = CASE WHEN started_at = 0 THEN sqlc.arg(updated_at) ELSE started_at END, updated_at = sqlc.arg(updated_at)
WHERE id = sqlc.arg(id) AND status != 'cancelling';

-- name: SaveResyncCheckpoint :exec
UPDATE resync_runs SET phase = ?, cursor_next_id = ?, cursor_row_number = ?, cursor_timestamp = ?, cursor_start = ?,
    pages = ?, unstable = ?, toggl_requests = ?, active_ms = ?, quota_remaining = ?, quota_reset_at = ?, toggl_seconds = ?, updated_at = ?
WHERE id = ?;

-- name: SetResyncNames :exec
UPDATE resync_runs SET phase = ?, names_summary = ?, toggl_requests = ?, updated_at = ? WHERE id = ?;

-- name: SetResyncEntriesExpected :exec
UPDATE resync_runs SET entries_expected = ?, updated_at = ? WHERE id = ?;

-- name: FinishResyncRun :exec
UPDATE resync_runs SET status = ?, phase = 'finished', error = ?, paused_until = 0, active_ms = ?, toggl_requests = ?,
    finished_at = ?, updated_at = ?
WHERE id = ?;

-- name: RequestResyncCancel :execrows
UPDATE resync_runs SET status = 'cancelling', updated_at = ?
WHERE id = ? AND status IN ('queued', 'running', 'paused');

-- name: CancelQueuedResyncRun :execrows
-- A run cancelled before any process started it ends at once.
UPDATE resync_runs SET status = 'cancelled', phase = 'finished', finished_at = sqlc.arg(now), updated_at = sqlc.arg(now)
WHERE id = sqlc.arg(id) AND status = 'cancelling' AND started_at = 0;

-- name: RecordResyncEntry :exec
-- Keeps the first outcome a run recorded for an entry (a restart that applies it again must
-- not turn "created" into "unchanged"), except a failure, which a later attempt replaces, and
-- a deletion, which ends the entry whatever came before.
INSERT INTO resync_entries (connection_id, time_entry_id, start_at, run_id, outcome, error, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (connection_id, time_entry_id) DO UPDATE SET
    start_at = CASE WHEN excluded.start_at != 0 THEN excluded.start_at ELSE resync_entries.start_at END,
    run_id = excluded.run_id, outcome = excluded.outcome, error = excluded.error, updated_at = excluded.updated_at
WHERE resync_entries.run_id != excluded.run_id OR resync_entries.outcome = 'failed' OR excluded.outcome = 'deleted';

-- name: GetResyncEntry :one
SELECT * FROM resync_entries WHERE connection_id = ? AND time_entry_id = ?;

-- name: CountResyncOutcomes :many
SELECT outcome, count(*) AS n FROM resync_entries WHERE run_id = ? GROUP BY outcome;

-- name: ResyncDeletionCandidates :many
-- Entries an earlier resync saw starting in the window that this run's complete walk did not
-- report, and that Attio still shows. An entry applied since that resync saw it (a webhook
-- may have moved its start out of the window) is no candidate: only absence from an unchanged
-- state counts as a deletion.
SELECT re.time_entry_id, re.start_at, em.applied_at
FROM resync_entries re
JOIN entry_map em ON em.connection_id = re.connection_id AND em.time_entry_id = re.time_entry_id
WHERE re.connection_id = sqlc.arg(connection_id) AND re.start_at >= sqlc.arg(window_start) AND re.start_at < sqlc.arg(window_end)
  AND re.run_id != sqlc.arg(run_id) AND re.outcome != 'deleted' AND em.deleted = 0 AND em.attio_entry_id != ''
  AND em.updated_at <= re.updated_at
ORDER BY re.time_entry_id;

-- name: CountResyncEntriesBetween :one
SELECT count(*) FROM resync_entries
WHERE connection_id = sqlc.arg(connection_id) AND start_at >= sqlc.arg(window_start) AND start_at < sqlc.arg(window_end)
  AND outcome != 'deleted';

-- name: ResyncEntryMapSpan :one
-- How many entries Attio holds for a connection and since when: a density for estimates when
-- no resync has covered the days yet.
SELECT count(*) AS n, CAST(coalesce(min(updated_at), 0) AS INTEGER) AS first_at
FROM entry_map WHERE connection_id = ? AND deleted = 0 AND attio_entry_id != '';

-- name: CountTogglCacheKind :one
SELECT count(*) FROM toggl_cache WHERE connection_id = ? AND kind = ?;

-- name: GetLockHolder :one
SELECT owner, expires_at FROM locks WHERE name = ?;

-- name: CreateResyncRunMode :one
INSERT INTO resync_runs (connection_id, window_start, window_end, status, requested_by, estimate_requests, entries_expected, mode, created_at, updated_at)
VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)
RETURNING *;

-- name: AddResyncFinding :exec
INSERT INTO resync_findings (run_id, connection_id, time_entry_id, kind, attio_entry_id, detail, audit_id, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (run_id, time_entry_id, kind, attio_entry_id) DO NOTHING;

-- name: CountResyncFindings :many
SELECT kind, count(*) AS n FROM resync_findings WHERE run_id = ? GROUP BY kind;

-- name: ListResyncFindings :many
SELECT * FROM resync_findings WHERE run_id = ? ORDER BY id LIMIT ?;

-- name: ListResyncFindingsOfKind :many
SELECT * FROM resync_findings WHERE run_id = ? AND kind = ? ORDER BY id LIMIT ?;

-- name: ClearResyncFindingsOfKind :exec
DELETE FROM resync_findings WHERE run_id = ? AND kind = ?;

-- name: SetResyncAttioSide :exec
UPDATE resync_runs SET attio_reads = ?, attio_entries = ?, updated_at = ? WHERE id = ?;

-- name: SetResyncTotals :exec
UPDATE resync_runs SET toggl_seconds = ?, totals_seconds = ?, updated_at = ? WHERE id = ?;

-- name: AnswerResyncConfirmation :execrows
-- Confirming (1) or declining (-1) queues the run again; it resumes at its deletions.
UPDATE resync_runs SET deletions_confirmed = ?, status = 'queued', updated_at = ? WHERE id = ? AND status = 'confirm';

-- name: ResyncRunIDsSeen :many
-- The time entries a run has recorded: what its walk saw, after a restart.
SELECT time_entry_id FROM resync_entries WHERE run_id = ?;

-- name: LastScheduledResyncRunAt :one
SELECT created_at FROM resync_runs WHERE connection_id = ? AND requested_by = 'schedule' ORDER BY id DESC LIMIT 1;

-- name: LastResyncRunOf :one
-- The connection's latest finished run requested by (schedule, console or cli).
SELECT * FROM resync_runs WHERE connection_id = ? AND requested_by = ? AND mode = 'repair'
  AND status IN ('done', 'failed', 'cancelled') ORDER BY id DESC LIMIT 1;

-- name: CancelConfirmResyncRun :execrows
-- A run waiting for a deletion confirmation ends at once when cancelled: nothing runs.
UPDATE resync_runs SET status = 'cancelled', phase = 'finished', finished_at = sqlc.arg(now), updated_at = sqlc.arg(now)
WHERE id = sqlc.arg(id) AND status = 'confirm';

-- name: ClearResyncFindings :exec
DELETE FROM resync_findings WHERE run_id = ?;
