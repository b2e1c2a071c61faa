-- What each Attio entry holds, on the map: the dashboard charts hours from the entries Attio
-- has (written by webhooks and resyncs alike, however old), not from delivered bodies, which
-- are kept only for the 8-day dedupe window and never hold what a resync wrote.
--
-- start_at is the time entry's start (unix ms); seconds its duration as written to Attio
-- (for a running entry: the time elapsed when it was applied, as its duration_seconds shows).
-- Rows written before this migration keep 0 until a webhook or resync writes them again.
ALTER TABLE entry_map ADD COLUMN start_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entry_map ADD COLUMN seconds INTEGER NOT NULL DEFAULT 0;

CREATE INDEX entry_map_start ON entry_map (connection_id, start_at);
