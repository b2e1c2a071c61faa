-- name: CreateConnection :one
INSERT INTO connections (slug, name, toggl_workspace_id, toggl_token_sealed, attio_token_sealed,
                         attio_workspace_id, settings_json, status, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING *;

-- name: GetConnection :one
SELECT * FROM connections WHERE id = ?;

-- name: GetConnectionBySlug :one
SELECT * FROM connections WHERE slug = ?;

-- name: ListConnections :many
SELECT * FROM connections ORDER BY id;

-- name: UpdateConnectionTokens :exec
UPDATE connections SET toggl_token_sealed = ?, attio_token_sealed = ?, toggl_workspace_id = ?,
    attio_workspace_id = ?, updated_at = ? WHERE id = ?;

-- name: UpdateConnectionSettings :exec
UPDATE connections SET settings_json = ?, updated_at = ? WHERE id = ?;

-- name: UpdateConnectionAttioActor :exec
-- One key of the settings JSON, set in place: a console save of the other settings between a
-- read and this write cannot be overwritten by it.
UPDATE connections SET settings_json = json_set(settings_json, '$.attio_actor_id', CAST(sqlc.arg(actor_id) AS TEXT)), updated_at = sqlc.arg(updated_at) WHERE id = sqlc.arg(id);

-- name: UpdateConnectionStatus :exec
UPDATE connections SET status = ?, updated_at = ? WHERE id = ?;

-- name: UpsertTogglSubscription :exec
INSERT INTO toggl_subscriptions (connection_id, subscription_id, description, secret_sealed, event_filters,
                                 enabled, validated_at, active, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)
ON CONFLICT (connection_id, subscription_id) DO UPDATE SET
    description = excluded.description, secret_sealed = excluded.secret_sealed,
    event_filters = excluded.event_filters, enabled = excluded.enabled,
    validated_at = excluded.validated_at, active = 1;

-- name: ListActiveTogglSubscriptions :many
SELECT * FROM toggl_subscriptions WHERE connection_id = ? AND active = 1 ORDER BY subscription_id;

-- name: MarkTogglSubscriptionValidated :exec
UPDATE toggl_subscriptions SET validated_at = ? WHERE connection_id = ? AND subscription_id = ?;

-- name: SetTogglSubscriptionState :exec
UPDATE toggl_subscriptions SET enabled = ?, validated_at = ? WHERE connection_id = ? AND subscription_id = ?;

-- name: DeactivateTogglSubscription :exec
UPDATE toggl_subscriptions SET active = 0, enabled = 0 WHERE connection_id = ? AND subscription_id = ?;

-- name: UpsertAttioWebhook :exec
INSERT INTO attio_webhooks (connection_id, webhook_id, secret_sealed, status, active, created_at)
VALUES (?, ?, ?, ?, 1, ?)
ON CONFLICT (connection_id, webhook_id) DO UPDATE SET secret_sealed = excluded.secret_sealed,
    status = excluded.status, active = 1;

-- name: ListActiveAttioWebhooks :many
SELECT * FROM attio_webhooks WHERE connection_id = ? AND active = 1 ORDER BY created_at;

-- name: SetAttioWebhookStatus :exec
UPDATE attio_webhooks SET status = ? WHERE connection_id = ? AND webhook_id = ?;

-- name: DeactivateAttioWebhook :exec
UPDATE attio_webhooks SET active = 0 WHERE connection_id = ? AND webhook_id = ?;
