package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"toggl-attio-sync/db"
)

func attioCacheClearedKey(connID int64) string {
	return "attio_cache_cleared:" + strconv.FormatInt(connID, 10)
}

// ClearAttioCache drops a connection's cached Attio reads and remembers when, so a read that
// was in flight during the clear cannot put its older answer back (see AttioCacheClearedAt).
func (s *Store) ClearAttioCache(ctx context.Context, connID int64, now time.Time) error {
	return s.Tx(ctx, func(q *db.Queries, _ *sql.Tx) error {
		if err := q.DeleteAttioCacheAll(ctx, connID); err != nil {
			return err
		}
		return q.PutSetting(ctx, db.PutSettingParams{Key: attioCacheClearedKey(connID), Value: strconv.FormatInt(now.UnixMilli(), 10), UpdatedAt: now.UnixMilli()})
	})
}

// AttioCacheClearedAt is when the connection's Attio cache was last cleared (zero: never).
// Entries fetched before it are stale even if they were written after it.
func (s *Store) AttioCacheClearedAt(ctx context.Context, connID int64) (time.Time, error) {
	v, err := s.RQ.GetSetting(ctx, attioCacheClearedKey(connID))
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	ms, err := strconv.ParseInt(v, 10, 64)
	return time.UnixMilli(ms), err
}
