-- name: AcquireLock :execrows
-- Takes the lock when free, expired, or already ours (re-entrant renewal).
INSERT INTO locks (name, owner, expires_at)
SELECT sqlc.arg(name), sqlc.arg(owner), sqlc.arg(expires_at)
WHERE NOT EXISTS (
    SELECT 1 FROM locks l WHERE l.name = sqlc.arg(name) AND l.expires_at >= sqlc.arg(now) AND l.owner != sqlc.arg(owner))
ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at;

-- name: ReleaseLock :execrows
DELETE FROM locks WHERE name = ? AND owner = ?;

-- name: TakeLock :exec
-- Takes the lock whoever holds it: for a holder known to be dead (a service starting over
-- the lease of the service process that ran before it).
INSERT INTO locks (name, owner, expires_at) VALUES (?, ?, ?)
ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at;
