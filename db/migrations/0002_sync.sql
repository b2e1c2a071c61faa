-- Sync: connections, webhook subscriptions, the durable inbox (queue), audit, mappings,
-- the local name cache, and leases for locks. Times are unix milliseconds.

-- A connection pairs one Toggl workspace with one Attio workspace.
CREATE TABLE connections (
    id                   INTEGER PRIMARY KEY,
    slug                 TEXT NOT NULL UNIQUE,     -- random, used in webhook URLs
    name                 TEXT NOT NULL,
    toggl_workspace_id   INTEGER NOT NULL DEFAULT 0,
    toggl_token_sealed   TEXT NOT NULL DEFAULT '', -- secrets.Box, purpose "toggl_token:<id>"
    attio_token_sealed   TEXT NOT NULL DEFAULT '', -- purpose "attio_token:<id>"
    attio_workspace_id   TEXT NOT NULL DEFAULT '',
    settings_json        TEXT NOT NULL DEFAULT '{}', -- rules, fallback, field maps, triggers, audit mirror
    status               TEXT NOT NULL DEFAULT 'new', -- new | active | disconnected
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
) STRICT;

CREATE TABLE toggl_subscriptions (
    connection_id    INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    subscription_id  INTEGER NOT NULL,
    description      TEXT NOT NULL,
    secret_sealed    TEXT NOT NULL,               -- purpose "toggl_subscription_secret:<id>"
    event_filters    TEXT NOT NULL DEFAULT '[]',
    enabled          INTEGER NOT NULL DEFAULT 0,
    validated_at     INTEGER,                     -- when Toggl last validated it (ping echo)
    active           INTEGER NOT NULL DEFAULT 1,  -- 0 once deleted on disconnect
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (connection_id, subscription_id)
) STRICT;

CREATE TABLE attio_webhooks (
    connection_id  INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    webhook_id     TEXT NOT NULL,
    secret_sealed  TEXT NOT NULL,                 -- purpose "attio_webhook_secret:<id>"
    status         TEXT NOT NULL DEFAULT 'active',
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (connection_id, webhook_id)
) STRICT;

-- The inbox is the durable queue: one row per accepted delivery (or per Attio event).
-- dedupe_key is the Toggl event_id or the Attio Idempotency-Key[#n]; NULL never collides
-- (Toggl's event_id 0 must never be deduplicated).
CREATE TABLE inbox (
    id               INTEGER PRIMARY KEY,
    connection_id    INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    source           TEXT NOT NULL,                 -- toggl | attio
    dedupe_key       TEXT,
    entity_key       TEXT NOT NULL,                 -- orders events of one entity: "time_entry:42"
    event_at         INTEGER NOT NULL DEFAULT 0,    -- the entity's own change time, for staleness
    kind             TEXT NOT NULL,                 -- e.g. time_entry.updated, record.created
    body             BLOB NOT NULL,
    headers_json     TEXT NOT NULL DEFAULT '{}',    -- safe headers only, never signatures
    status           TEXT NOT NULL DEFAULT 'queued', -- queued | running | done | skipped | dead
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    lease_owner      TEXT NOT NULL DEFAULT '',
    lease_until      INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    wait_reason      TEXT NOT NULL DEFAULT '',      -- why a job waits (quota until ...)
    received_at      INTEGER NOT NULL,
    finished_at      INTEGER
) STRICT;

CREATE UNIQUE INDEX inbox_dedupe ON inbox (connection_id, source, dedupe_key);
CREATE INDEX inbox_ready ON inbox (status, next_attempt_at);
CREATE INDEX inbox_entity ON inbox (connection_id, entity_key, id);
CREATE INDEX inbox_received ON inbox (received_at);

-- Audit: every delivery, decision, write and failure, for the console.
CREATE TABLE audit (
    id             INTEGER PRIMARY KEY,
    connection_id  INTEGER,                         -- NULL when the connection is unknown
    inbox_id       INTEGER,
    source         TEXT NOT NULL,                   -- toggl | attio | console | resync
    entity         TEXT NOT NULL DEFAULT '',        -- e.g. time_entry:42
    status         TEXT NOT NULL,                   -- accepted | duplicate | rejected | routed | written | skipped | failed | dead | ...
    message        TEXT NOT NULL,
    detail_json    TEXT NOT NULL DEFAULT '{}',      -- decision steps, calls made; never secrets
    created_at     INTEGER NOT NULL
) STRICT;

CREATE INDEX audit_connection_time ON audit (connection_id, created_at);
CREATE INDEX audit_inbox ON audit (inbox_id);

-- What Attio already holds for each Toggl time entry (no read-before-write).
CREATE TABLE entry_map (
    connection_id     INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    time_entry_id     INTEGER NOT NULL,
    attio_entry_id    TEXT NOT NULL DEFAULT '',
    parent_record_id  TEXT NOT NULL DEFAULT '',
    applied_at        INTEGER NOT NULL DEFAULT 0,   -- Toggl "at" of the change applied
    applied_event_at  INTEGER NOT NULL DEFAULT 0,   -- its event created_at: breaks ties of "at" (second precision)
    deleted           INTEGER NOT NULL DEFAULT 0,
    values_hash       TEXT NOT NULL DEFAULT '',     -- skip writes that would change nothing
    updated_at        INTEGER NOT NULL,
    PRIMARY KEY (connection_id, time_entry_id)
) STRICT;

-- Toggl project -> Attio Project record, and Toggl client -> toggl_clients record / Company.
CREATE TABLE project_map (
    connection_id     INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    toggl_project_id  INTEGER NOT NULL,
    attio_record_id   TEXT NOT NULL,
    origin            TEXT NOT NULL DEFAULT 'inbound', -- inbound | outbound (created by us)
    values_hash       TEXT NOT NULL DEFAULT '',        -- last values written to the Project
    updated_at        INTEGER NOT NULL,
    PRIMARY KEY (connection_id, toggl_project_id)
) STRICT;

CREATE TABLE client_map (
    connection_id          INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    toggl_client_id        INTEGER NOT NULL,
    toggl_clients_record   TEXT NOT NULL DEFAULT '',
    company_record_id      TEXT NOT NULL DEFAULT '',
    origin                 TEXT NOT NULL DEFAULT 'inbound',
    values_hash            TEXT NOT NULL DEFAULT '',
    updated_at             INTEGER NOT NULL,
    PRIMARY KEY (connection_id, toggl_client_id)
) STRICT;

-- Names and links of Toggl objects, filled by webhooks and setup, so a time entry event
-- costs no Toggl call.
CREATE TABLE toggl_cache (
    connection_id  INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,                    -- project | client | user
    toggl_id       INTEGER NOT NULL,
    name           TEXT NOT NULL DEFAULT '',
    client_id      INTEGER NOT NULL DEFAULT 0,       -- for projects
    data_json      TEXT NOT NULL DEFAULT '{}',
    at             INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (connection_id, kind, toggl_id)
) STRICT;

-- Attio records the router reads (Projects with type/status/company, toggl_clients,
-- Company project lists), kept for a short time so a steady stream of time entries costs
-- writes only. Invalidated by Attio webhooks for the record.
CREATE TABLE attio_cache (
    connection_id  INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    cache_key      TEXT NOT NULL,                    -- e.g. project:<record_id>, company_projects:<record_id>
    data_json      TEXT NOT NULL,
    fetched_at     INTEGER NOT NULL,
    PRIMARY KEY (connection_id, cache_key)
) STRICT;

-- Leases: a named lock held by an owner until it expires, so a dead holder frees it.
CREATE TABLE locks (
    name        TEXT PRIMARY KEY,
    owner       TEXT NOT NULL,
    expires_at  INTEGER NOT NULL
) STRICT;
