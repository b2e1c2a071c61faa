-- name: InsertAudit :one
INSERT INTO audit (connection_id, inbox_id, source, entity, status, message, detail_json, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: ListAuditForInbox :many
SELECT * FROM audit WHERE inbox_id = ? ORDER BY id;

-- name: PruneAudit :execrows
DELETE FROM audit WHERE created_at < ?;

-- name: ListAuditAfter :many
SELECT id, source, entity, status, message, created_at FROM audit
WHERE connection_id = ? AND id > ? ORDER BY id LIMIT ?;

-- name: MaxAuditID :one
SELECT CAST(coalesce(max(id), 0) AS INTEGER) AS id FROM audit WHERE connection_id = ?;
