-- Outbound (Attio to Toggl): mapping lookups by Attio record, and the intents recorded
-- before a Toggl object is created, so a crash between the create and the Attio write-back
-- is recovered by the name used, never by a second create.

-- The newest Toggl client linked to a Company.
-- name: GetClientMapByCompany :one
SELECT * FROM client_map WHERE connection_id = ? AND company_record_id = ?
ORDER BY updated_at DESC LIMIT 1;

-- name: UpsertOutboundProjectMap :exec
-- A Toggl project this service created (or recovered) for an Attio Project: origin is
-- 'outbound' even when an inbound event mapped the id first, so the echo is known as ours.
INSERT INTO project_map (connection_id, toggl_project_id, attio_record_id, origin, updated_at)
VALUES (?, ?, ?, 'outbound', ?)
ON CONFLICT (connection_id, toggl_project_id) DO UPDATE SET
    attio_record_id = excluded.attio_record_id, origin = 'outbound', updated_at = excluded.updated_at;

-- name: UpsertOutboundClientMap :exec
INSERT INTO client_map (connection_id, toggl_client_id, toggl_clients_record, company_record_id, origin, updated_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (connection_id, toggl_client_id) DO UPDATE SET
    toggl_clients_record = CASE WHEN excluded.toggl_clients_record != '' THEN excluded.toggl_clients_record ELSE client_map.toggl_clients_record END,
    company_record_id = excluded.company_record_id,
    origin = CASE WHEN excluded.origin = 'outbound' THEN 'outbound' ELSE client_map.origin END,
    updated_at = excluded.updated_at;

-- name: GetOutboundIntent :one
SELECT intent_json FROM outbound_intents WHERE connection_id = ? AND kind = ? AND record_id = ?;

-- name: PutOutboundIntent :exec
-- Keeps the first intent: a re-run must look for the name the first attempt created.
INSERT INTO outbound_intents (connection_id, kind, record_id, intent_json, created_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (connection_id, kind, record_id) DO NOTHING;

-- name: DeleteOutboundIntent :exec
DELETE FROM outbound_intents WHERE connection_id = ? AND kind = ? AND record_id = ?;
