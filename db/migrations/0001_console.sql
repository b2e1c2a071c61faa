-- Console foundation: instance settings and login sessions.

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL -- unix milliseconds
) STRICT;

-- A session is stored by the SHA-256 of its cookie token, so a copy of the
-- database does not hand out live sessions.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    user_agent   TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX sessions_expires_at ON sessions (expires_at);
