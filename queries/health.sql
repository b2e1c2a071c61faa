-- Per-connection figures the Prometheus collector reads at each scrape: all through the
-- connection's indexes, nothing over the whole of a table.

-- name: HealthQueue :many
-- Jobs per status, and the receipt time of the oldest one still queued.
SELECT status, count(*) AS jobs,
       CAST(coalesce(min(received_at), 0) AS INTEGER) AS oldest_received_at
FROM inbox WHERE connection_id = ? GROUP BY status;

-- name: HealthLastRun :one
-- The newest finished resync run.
SELECT id, status, finished_at FROM resync_runs
WHERE connection_id = ? AND finished_at > 0 ORDER BY finished_at DESC LIMIT 1;

-- name: HealthHasEvent :one
-- Whether a real delivery (not a validation ping) from the source was ever taken.
SELECT EXISTS (SELECT 1 FROM audit WHERE connection_id = ? AND source = ? AND status IN ('accepted', 'duplicate')) AS taken;
