-- name: EnqueueInbox :one
-- Inserts a delivery unless (connection, source, dedupe_key) was seen; a duplicate returns no row.
INSERT INTO inbox (connection_id, source, dedupe_key, entity_key, event_at, kind, body, headers_json,
                   status, next_attempt_at, received_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)
ON CONFLICT (connection_id, source, dedupe_key) DO NOTHING
RETURNING id;

-- name: LeaseNextInbox :one
-- Takes the oldest due job whose entity has no earlier unfinished job, so events of one
-- entity apply in arrival order.
UPDATE inbox
SET status = 'running', lease_owner = sqlc.arg(owner), lease_until = sqlc.arg(lease_until), attempts = attempts + 1
WHERE id = (
    SELECT i.id FROM inbox i
    WHERE i.status = 'queued' AND i.next_attempt_at <= sqlc.arg(now)
      AND NOT EXISTS (
          SELECT 1 FROM inbox e
          WHERE e.connection_id = i.connection_id AND e.entity_key = i.entity_key
            AND e.id < i.id AND e.status IN ('queued', 'running'))
    ORDER BY i.next_attempt_at, i.id
    LIMIT 1)
RETURNING *;

-- name: ExtendInboxLease :execrows
UPDATE inbox SET lease_until = ? WHERE id = ? AND lease_owner = ? AND status = 'running';

-- name: RequeueExpiredLeases :execrows
-- A worker that died leaves its job running with an old lease: put it back.
UPDATE inbox SET status = 'queued', lease_owner = '', next_attempt_at = sqlc.arg(next_attempt_at)
WHERE status = 'running' AND lease_until < sqlc.arg(expired_before);

-- name: FinishInbox :execrows
-- A content key (a delivery that came without an idempotency key) only coalesces copies
-- while the first is unfinished: once it is done, the same content is a new event.
UPDATE inbox SET status = ?, last_error = ?, wait_reason = '', lease_owner = '', finished_at = ?,
                 dedupe_key = CASE WHEN dedupe_key LIKE 'content:%' THEN NULL ELSE dedupe_key END
WHERE id = ? AND lease_owner = ? AND status = 'running';

-- name: RetryInbox :execrows
UPDATE inbox SET status = 'queued', next_attempt_at = ?, last_error = ?, wait_reason = ?, lease_owner = '',
                 attempts = attempts - ?
WHERE id = ? AND lease_owner = ? AND status = 'running';

-- name: ReplayInbox :execrows
UPDATE inbox SET status = 'queued', attempts = 0, next_attempt_at = ?, last_error = '', wait_reason = '',
                 lease_owner = '', finished_at = NULL
WHERE id = ? AND status IN ('dead', 'done', 'skipped');

-- name: GetInbox :one
SELECT * FROM inbox WHERE id = ?;

-- name: PruneInbox :execrows
-- Finished jobs older than the dedupe window go; dead letters stay until replayed or older.
DELETE FROM inbox
WHERE (status IN ('done', 'skipped') AND received_at < sqlc.arg(done_before))
   OR (status = 'dead' AND received_at < sqlc.arg(dead_before));

-- name: CountInboxByStatus :many
SELECT connection_id, status, count(*) AS n FROM inbox GROUP BY connection_id, status;

-- name: NextInboxDue :one
SELECT CAST(coalesce(min(next_attempt_at), 0) AS INTEGER) AS due FROM inbox WHERE status = 'queued';

-- name: CountUnfinishedInbox :one
SELECT count(*) FROM inbox WHERE status IN ('queued', 'running');

-- name: RequeueOtherOwners :execrows
-- At start: jobs a previous process held when it died go back to the queue at once.
UPDATE inbox SET status = 'queued', lease_owner = '', next_attempt_at = sqlc.arg(next_attempt_at)
WHERE status = 'running' AND lease_owner NOT LIKE sqlc.arg(owner_pattern);

-- name: WakeWaitingInbox :execrows
-- Makes a connection's jobs waiting for one reason due now: what they waited for has ended.
UPDATE inbox SET next_attempt_at = sqlc.arg(now)
WHERE connection_id = sqlc.arg(connection_id) AND status = 'queued' AND wait_reason = sqlc.arg(wait_reason)
  AND next_attempt_at > sqlc.arg(now);
