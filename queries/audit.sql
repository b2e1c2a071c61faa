-- name: InsertAudit :one
INSERT INTO audit (connection_id, inbox_id, source, entity, status, message, detail_json, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: ListAuditForInbox :many
SELECT * FROM audit WHERE inbox_id = ? ORDER BY id;

-- name: PruneAudit :execrows
DELETE FROM audit WHERE created_at < ?;
