-- Reads of the admin console: the audit history with its filters, the dashboard's figures,
-- and recent deliveries for previews and the routing simulator. All run on the read pool.
--
-- Audit filters: an empty text or 0 means "any". entity matches exactly, or as a kind prefix
-- ("time_entry" matches "time_entry:42"). text is a case-insensitive substring of the message,
-- the entity, the detail or the stored delivery body. Pages are offsets below top_id, the newest
-- id when the first page was shown, so rows arriving meanwhile never shift later pages.

-- name: ConsoleAuditPage :many
SELECT a.id, a.connection_id, a.inbox_id, a.source, a.entity, a.status, a.message, a.created_at,
       CAST(coalesce(i.status, '') AS TEXT) AS job_status
FROM audit a LEFT JOIN inbox i ON i.id = a.inbox_id
WHERE (CAST(sqlc.arg(connection_id) AS INTEGER) = 0 OR a.connection_id = sqlc.arg(connection_id))
  AND (CAST(sqlc.arg(source) AS TEXT) = '' OR a.source = sqlc.arg(source))
  AND (CAST(sqlc.arg(status) AS TEXT) = '' OR a.status = sqlc.arg(status))
  AND (CAST(sqlc.arg(job_status) AS TEXT) = '' OR i.status = sqlc.arg(job_status))
  AND (CAST(sqlc.arg(entity) AS TEXT) = '' OR a.entity = sqlc.arg(entity)
       OR substr(a.entity, 1, length(sqlc.arg(entity)) + 1) = sqlc.arg(entity) || ':')
  AND (CAST(sqlc.arg(from_ms) AS INTEGER) = 0 OR a.created_at >= sqlc.arg(from_ms))
  AND (CAST(sqlc.arg(to_ms) AS INTEGER) = 0 OR a.created_at < sqlc.arg(to_ms))
  AND (CAST(sqlc.arg(text) AS TEXT) = ''
       OR instr(lower(a.message), lower(sqlc.arg(text))) > 0
       OR instr(lower(a.entity), lower(sqlc.arg(text))) > 0
       OR instr(lower(a.detail_json), lower(sqlc.arg(text))) > 0
       OR instr(lower(CAST(i.body AS TEXT)), lower(sqlc.arg(text))) > 0)
  AND (CAST(sqlc.arg(top_id) AS INTEGER) = 0 OR a.id <= sqlc.arg(top_id))
ORDER BY a.id DESC
LIMIT sqlc.arg(lim) OFFSET sqlc.arg(off);

-- name: ConsoleAuditDeadLetters :many
-- The dead letters behind the audit rows a filter matches, oldest first, for a bulk replay.
SELECT DISTINCT i.id
FROM audit a JOIN inbox i ON i.id = a.inbox_id
WHERE i.status = 'dead'
  AND (CAST(sqlc.arg(connection_id) AS INTEGER) = 0 OR a.connection_id = sqlc.arg(connection_id))
  AND (CAST(sqlc.arg(source) AS TEXT) = '' OR a.source = sqlc.arg(source))
  AND (CAST(sqlc.arg(status) AS TEXT) = '' OR a.status = sqlc.arg(status))
  AND (CAST(sqlc.arg(entity) AS TEXT) = '' OR a.entity = sqlc.arg(entity)
       OR substr(a.entity, 1, length(sqlc.arg(entity)) + 1) = sqlc.arg(entity) || ':')
  AND (CAST(sqlc.arg(from_ms) AS INTEGER) = 0 OR a.created_at >= sqlc.arg(from_ms))
  AND (CAST(sqlc.arg(to_ms) AS INTEGER) = 0 OR a.created_at < sqlc.arg(to_ms))
  AND (CAST(sqlc.arg(text) AS TEXT) = ''
       OR instr(lower(a.message), lower(sqlc.arg(text))) > 0
       OR instr(lower(a.entity), lower(sqlc.arg(text))) > 0
       OR instr(lower(a.detail_json), lower(sqlc.arg(text))) > 0
       OR instr(lower(CAST(i.body AS TEXT)), lower(sqlc.arg(text))) > 0)
ORDER BY i.id
LIMIT sqlc.arg(lim);

-- name: ConsoleGetAudit :one
SELECT * FROM audit WHERE id = ?;

-- name: ConsoleAuditCount :one
SELECT count(*) FROM audit;

-- name: ConsoleInboxSummary :many
-- Per job status: how many, how many are retried after a failure, how many wait (quota,
-- rate limit: a wait refunds its attempt).
SELECT status, count(*) AS jobs,
       CAST(coalesce(sum(CASE WHEN attempts > 0 AND wait_reason = '' THEN 1 ELSE 0 END), 0) AS INTEGER) AS retrying,
       CAST(coalesce(sum(CASE WHEN wait_reason <> '' THEN 1 ELSE 0 END), 0) AS INTEGER) AS waiting
FROM inbox WHERE connection_id = ? GROUP BY status;

-- name: ConsoleLastEvents :many
-- The newest delivery taken (accepted, duplicate or ping) and refused, per source, from the
-- audit rows (kept 30 days; finished inbox rows only 8).
SELECT source,
       CAST(coalesce(max(CASE WHEN status IN ('accepted', 'duplicate', 'ping') THEN created_at END), 0) AS INTEGER) AS last_ok,
       CAST(coalesce(max(CASE WHEN status = 'rejected' THEN created_at END), 0) AS INTEGER) AS last_rejected
FROM audit WHERE connection_id = ? AND source IN ('toggl', 'attio') GROUP BY source;

-- name: ConsoleNextWait :one
-- The job waiting longest ahead and why, for the dashboard.
SELECT id, wait_reason, next_attempt_at, last_error FROM inbox
WHERE connection_id = ? AND status = 'queued' AND wait_reason <> ''
ORDER BY next_attempt_at DESC LIMIT 1;

-- name: ConsoleAcceptedPerDay :many
-- Deliveries accepted per UTC day and source (audit rows live 30 days).
SELECT CAST(created_at / 86400000 AS INTEGER) AS day, source, count(*) AS events
FROM audit
WHERE connection_id = sqlc.arg(connection_id) AND status = 'accepted' AND created_at >= sqlc.arg(since_ms)
GROUP BY day, source;

-- name: ConsoleHeldSecondsPerDay :many
-- Seconds of the time entries Attio holds, by the UTC day (unix day number) they started,
-- from the map of what this service wrote there: webhooks and resyncs alike, however old.
-- Rows written before start_at was kept have 0 and fall before any window.
SELECT CAST(start_at / 86400000 AS INTEGER) AS day,
       CAST(coalesce(sum(seconds), 0) AS INTEGER) AS seconds,
       count(*) AS entries
FROM entry_map
WHERE connection_id = sqlc.arg(connection_id) AND deleted = 0 AND attio_entry_id <> ''
  AND start_at >= sqlc.arg(since_ms) AND start_at < sqlc.arg(until_ms)
GROUP BY day;

-- name: ConsoleCountEntriesWithoutStart :one
-- Entries Attio holds whose map row predates start_at (migration 0004): uncharted until a
-- webhook or resync writes them again.
SELECT count(*) FROM entry_map
WHERE connection_id = ? AND deleted = 0 AND attio_entry_id <> '' AND start_at = 0;

-- name: ConsoleRecentTimeEntries :many
-- The newest delivery of each recently changed time entry (not deletions), newest first.
SELECT o.id, o.entity_key, o.kind, o.body, o.received_at, o.status FROM inbox o
WHERE o.id IN (
    SELECT max(n.id) FROM inbox n
    WHERE n.connection_id = sqlc.arg(connection_id) AND n.source = 'toggl' AND n.kind IN ('time_entry.created', 'time_entry.updated')
    GROUP BY n.entity_key)
ORDER BY o.id DESC
LIMIT sqlc.arg(lim);

-- name: ConsoleLatestJobOfKinds :one
-- The newest Toggl delivery of a model (created or updated), for the field map preview.
SELECT id, entity_key, kind, body, received_at, status FROM inbox
WHERE connection_id = sqlc.arg(connection_id) AND source = 'toggl'
  AND kind IN (CAST(sqlc.arg(model) AS TEXT) || '.created', CAST(sqlc.arg(model) AS TEXT) || '.updated')
ORDER BY id DESC LIMIT 1;

-- name: ConsoleGetInboxInConnection :one
SELECT * FROM inbox WHERE id = ? AND connection_id = ?;
