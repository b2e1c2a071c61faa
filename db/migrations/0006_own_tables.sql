-- What the settings key/value table held for connections gets tables of its own, tied to
-- the connection (deleting a connection deletes them): outbound intents, the audit mirror's
-- watermark, and the Attio route cache's invalidation marks. settings keeps what belongs to
-- the whole instance (the console password, the key check).

CREATE TABLE outbound_intents (
    connection_id  INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,                -- client | project
    record_id      TEXT NOT NULL,                -- the Attio record the Toggl object is for
    intent_json    TEXT NOT NULL,
    created_at     INTEGER NOT NULL,             -- unix ms
    PRIMARY KEY (connection_id, kind, record_id)
) STRICT;

-- Keys were "outbound_intent:<connection>:<kind>:<record>"; a record id holds no colon.
INSERT INTO outbound_intents (connection_id, kind, record_id, intent_json, created_at)
SELECT CAST(substr(rest, 1, instr(rest, ':') - 1) AS INTEGER),
       substr(tail, 1, instr(tail, ':') - 1),
       substr(tail, instr(tail, ':') + 1),
       value, updated_at
FROM (SELECT substr(key, 17) AS rest, substr(substr(key, 17), instr(substr(key, 17), ':') + 1) AS tail, value, updated_at
      FROM settings WHERE key LIKE 'outbound_intent:%')
WHERE CAST(substr(rest, 1, instr(rest, ':') - 1) AS INTEGER) IN (SELECT id FROM connections);

CREATE TABLE mirror_watermarks (
    connection_id  INTEGER PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
    audit_id       INTEGER NOT NULL,             -- the last audit row mirrored to Attio
    updated_at     INTEGER NOT NULL
) STRICT;

INSERT INTO mirror_watermarks (connection_id, audit_id, updated_at)
SELECT CAST(substr(key, 24) AS INTEGER), CAST(value AS INTEGER), updated_at
FROM settings WHERE key LIKE 'audit_mirror_watermark:%'
  AND CAST(substr(key, 24) AS INTEGER) IN (SELECT id FROM connections);

DELETE FROM settings WHERE key LIKE 'outbound_intent:%' OR key LIKE 'audit_mirror_watermark:%'
    OR key LIKE 'attio_cache_cleared:%';

-- The router's cache of Attio reads, by kind (project, project_by_toggl, client_by_toggl,
-- company_projects) and key (a record or Toggl id). A route is invalidated on its own
-- (invalidated_at on its row) or with all of its kind (attio_route_marks); an answer fetched
-- before either is stale, even when it is stored after it (a read in flight during the change).
DROP TABLE attio_cache;
CREATE TABLE attio_routes (
    connection_id  INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    route_key      TEXT NOT NULL,
    data_json      TEXT NOT NULL,
    fetched_at     INTEGER NOT NULL,             -- unix ms; when the read began
    invalidated_at INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (connection_id, kind, route_key)
) STRICT;

CREATE TABLE attio_route_marks (
    connection_id  INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    invalidated_at INTEGER NOT NULL,
    PRIMARY KEY (connection_id, kind)
) STRICT;
