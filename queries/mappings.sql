-- name: GetEntryMap :one
SELECT * FROM entry_map WHERE connection_id = ? AND time_entry_id = ?;

-- name: UpsertEntryMap :exec
INSERT INTO entry_map (connection_id, time_entry_id, attio_entry_id, parent_record_id, applied_at, applied_event_at, deleted, values_hash, start_at, seconds, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (connection_id, time_entry_id) DO UPDATE SET
    attio_entry_id = excluded.attio_entry_id, parent_record_id = excluded.parent_record_id,
    applied_at = excluded.applied_at, applied_event_at = excluded.applied_event_at,
    deleted = excluded.deleted, values_hash = excluded.values_hash,
    start_at = excluded.start_at, seconds = excluded.seconds,
    updated_at = excluded.updated_at;

-- name: CountEntryMap :one
SELECT count(*) FROM entry_map WHERE connection_id = ? AND deleted = 0 AND attio_entry_id != '';

-- name: GetProjectMap :one
SELECT * FROM project_map WHERE connection_id = ? AND toggl_project_id = ?;

-- name: GetProjectMapByRecord :one
SELECT * FROM project_map WHERE connection_id = ? AND attio_record_id = ?;

-- name: UpsertProjectMap :exec
INSERT INTO project_map (connection_id, toggl_project_id, attio_record_id, origin, updated_at)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT (connection_id, toggl_project_id) DO UPDATE SET
    attio_record_id = excluded.attio_record_id, updated_at = excluded.updated_at;

-- name: GetClientMap :one
SELECT * FROM client_map WHERE connection_id = ? AND toggl_client_id = ?;

-- name: UpsertClientMap :exec
INSERT INTO client_map (connection_id, toggl_client_id, toggl_clients_record, company_record_id, origin, updated_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (connection_id, toggl_client_id) DO UPDATE SET
    toggl_clients_record = CASE WHEN excluded.toggl_clients_record != '' THEN excluded.toggl_clients_record ELSE client_map.toggl_clients_record END,
    company_record_id = CASE WHEN excluded.company_record_id != '' THEN excluded.company_record_id ELSE client_map.company_record_id END,
    updated_at = excluded.updated_at;

-- name: GetTogglCache :one
SELECT * FROM toggl_cache WHERE connection_id = ? AND kind = ? AND toggl_id = ?;

-- name: UpsertTogglCache :exec
-- Keeps the newest version: an older change (by at) never overwrites a newer one.
INSERT INTO toggl_cache (connection_id, kind, toggl_id, name, client_id, data_json, at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (connection_id, kind, toggl_id) DO UPDATE SET
    name = excluded.name, client_id = excluded.client_id, data_json = excluded.data_json, at = excluded.at
WHERE excluded.at >= toggl_cache.at;

-- name: SetProjectMapHash :exec
UPDATE project_map SET values_hash = ?, updated_at = ? WHERE connection_id = ? AND toggl_project_id = ?;

-- name: SetClientMapHash :exec
UPDATE client_map SET values_hash = ?, updated_at = ? WHERE connection_id = ? AND toggl_client_id = ?;

