-- The router's Attio route cache (migration 0006).

-- name: GetAttioRoute :one
-- A route still fresh: fetched after its own invalidation and after its kind's.
SELECT r.data_json, r.fetched_at FROM attio_routes r
LEFT JOIN attio_route_marks m ON m.connection_id = r.connection_id AND m.kind = r.kind
WHERE r.connection_id = ? AND r.kind = ? AND r.route_key = ?
  AND r.fetched_at > r.invalidated_at AND r.fetched_at > COALESCE(m.invalidated_at, 0);

-- name: PutAttioRoute :exec
-- An answer whose read began before an invalidation of its row or kind is not stored.
INSERT INTO attio_routes (connection_id, kind, route_key, data_json, fetched_at)
SELECT sqlc.arg(connection_id), sqlc.arg(kind), sqlc.arg(route_key), sqlc.arg(data_json), sqlc.arg(fetched_at)
WHERE sqlc.arg(fetched_at) > COALESCE((SELECT invalidated_at FROM attio_route_marks
                                       WHERE connection_id = sqlc.arg(connection_id) AND kind = sqlc.arg(kind)), 0)
ON CONFLICT (connection_id, kind, route_key) DO UPDATE SET data_json = excluded.data_json, fetched_at = excluded.fetched_at
WHERE excluded.fetched_at > attio_routes.invalidated_at;

-- name: InvalidateAttioRoute :exec
INSERT INTO attio_routes (connection_id, kind, route_key, data_json, fetched_at, invalidated_at)
VALUES (?, ?, ?, '', 0, sqlc.arg(invalidated_at))
ON CONFLICT (connection_id, kind, route_key) DO UPDATE SET data_json = '', fetched_at = 0,
    invalidated_at = excluded.invalidated_at;

-- name: InvalidateAttioRoutesMentioning :execrows
-- Routes of a kind whose answer names a record (e.g. the Company lists holding a Project).
UPDATE attio_routes SET data_json = '', fetched_at = 0, invalidated_at = sqlc.arg(invalidated_at)
WHERE connection_id = sqlc.arg(connection_id) AND kind = sqlc.arg(kind) AND fetched_at > 0
  AND instr(data_json, sqlc.arg(needle)) > 0;

-- name: InvalidateAttioRoutesWithData :execrows
-- Routes of a kind with exactly this answer (e.g. the remembered "no such Project").
UPDATE attio_routes SET data_json = '', fetched_at = 0, invalidated_at = sqlc.arg(invalidated_at)
WHERE connection_id = sqlc.arg(connection_id) AND kind = sqlc.arg(kind) AND fetched_at > 0
  AND data_json = sqlc.arg(data_json);

-- name: InvalidateAttioRouteKind :exec
INSERT INTO attio_route_marks (connection_id, kind, invalidated_at) VALUES (?, ?, ?)
ON CONFLICT (connection_id, kind) DO UPDATE SET invalidated_at = max(attio_route_marks.invalidated_at, excluded.invalidated_at);

-- name: GetMirrorWatermark :one
SELECT audit_id FROM mirror_watermarks WHERE connection_id = ?;

-- name: PutMirrorWatermark :exec
INSERT INTO mirror_watermarks (connection_id, audit_id, updated_at) VALUES (?, ?, ?)
ON CONFLICT (connection_id) DO UPDATE SET audit_id = excluded.audit_id, updated_at = excluded.updated_at;
