-- name: CreateSession :exec
INSERT INTO sessions (token_hash, created_at, last_seen_at, expires_at, user_agent)
VALUES (?, ?, ?, ?, ?);

-- name: GetSession :one
SELECT token_hash, created_at, last_seen_at, expires_at, user_agent
FROM sessions WHERE token_hash = ? AND expires_at > ?;

-- name: TouchSession :exec
UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?;

-- name: DeleteSession :exec
DELETE FROM sessions WHERE token_hash = ?;

-- name: DeleteExpiredSessions :execrows
DELETE FROM sessions WHERE expires_at <= ?;
