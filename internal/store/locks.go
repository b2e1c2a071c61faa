package store

import (
	"context"
	"time"

	"toggl-attio-sync/db"
)

// TryLock takes the named lock for owner until now+ttl when it is free, expired or already
// owner's. A holder that dies frees the lock when its lease expires.
func (s *Store) TryLock(ctx context.Context, name, owner string, ttl time.Duration, now time.Time) (bool, error) {
	n, err := s.q.AcquireLock(ctx, db.AcquireLockParams{Name: name, Owner: owner, ExpiresAt: now.Add(ttl).UnixMilli(), Now: now.UnixMilli()})
	return n > 0, err
}

// Unlock releases the lock if owner still holds it.
func (s *Store) Unlock(ctx context.Context, name, owner string) error {
	_, err := s.q.ReleaseLock(ctx, db.ReleaseLockParams{Name: name, Owner: owner})
	return err
}

// TakeLock takes the named lock for owner until now+ttl whoever holds it. Only for a lock
// whose other holder is known to be gone: the service lock a previous service process left
// behind when it died (one service process works a database).
func (s *Store) TakeLock(ctx context.Context, name, owner string, ttl time.Duration, now time.Time) error {
	return s.q.TakeLock(ctx, db.TakeLockParams{Name: name, Owner: owner, ExpiresAt: now.Add(ttl).UnixMilli()})
}

type (
	GetLockHolderRow = db.GetLockHolderRow
)

func (s *Store) GetLockHolder(ctx context.Context, name string) (GetLockHolderRow, error) {
	return s.rq.GetLockHolder(ctx, name)
}
