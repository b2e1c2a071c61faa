package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// probeEvery bounds how often readiness writes: /readyz answers from the last probe for this
// long, so an orchestrator polling it hard does not load the single writer.
const probeEvery = 2 * time.Second

// probeLock names the row the write probe inserts and deletes in the locks table. Its owner
// is long enough to need an overflow page, so the probe fails where a real write needing a new
// page would (a full disk or a max_page_count limit), not only where every write fails.
const probeLock = "store:write-probe"

// writeHealth caches the last write probe and remembers the last storage failure any write
// transaction hit.
type writeHealth struct {
	mu        sync.Mutex // held across a probe, so concurrent /readyz share one
	checkedAt time.Time
	probeErr  error

	lastMu  sync.Mutex
	lastErr error
	lastAt  time.Time
}

// storageCodes are the SQLite primary result codes that mean the database file cannot take
// writes (as opposed to a constraint or a busy lock): READONLY, IOERR, CORRUPT, FULL,
// CANTOPEN, NOTADB.
var storageCodes = map[int]bool{8: true, 10: true, 11: true, 13: true, 14: true, 26: true}

// isStorageErr reports whether err comes from the database file rather than the statement.
func isStorageErr(err error) bool {
	var coded interface{ Code() int }
	if !errors.As(err, &coded) {
		return false
	}
	return storageCodes[coded.Code()&0xff]
}

// noteWriteErr records a storage failure from a write and makes the next readiness check
// probe again instead of answering from its cache.
func (s *Store) noteWriteErr(err error) {
	if err == nil || !isStorageErr(err) {
		return
	}
	s.health.lastMu.Lock()
	s.health.lastErr, s.health.lastAt = err, time.Now()
	s.health.lastMu.Unlock()
	s.health.mu.Lock()
	s.health.checkedAt = time.Time{}
	s.health.mu.Unlock()
}

// LastWriteError returns the last storage failure a write transaction hit and when, or nil.
func (s *Store) LastWriteError() (at time.Time, err error) {
	s.health.lastMu.Lock()
	defer s.health.lastMu.Unlock()
	return s.health.lastAt, s.health.lastErr
}

// Writable reports nil when the database took a small write transaction within the last
// probeEvery; otherwise it runs one (insert and delete a probe row through the single writer).
func (s *Store) Writable(ctx context.Context) error {
	s.health.mu.Lock()
	defer s.health.mu.Unlock()
	if !s.health.checkedAt.IsZero() && time.Since(s.health.checkedAt) < probeEvery {
		return s.health.probeErr
	}
	err := s.probeWrite(ctx)
	if err != nil && ctx.Err() != nil {
		// The caller gave up waiting for the writer: not an answer about the file.
		return fmt.Errorf("database writer busy: %w", err)
	}
	s.health.checkedAt, s.health.probeErr = time.Now(), err
	if err != nil {
		if at, last := s.LastWriteError(); last != nil && time.Since(at) < time.Minute {
			err = fmt.Errorf("%w (last write error %s ago: %v)", err, time.Since(at).Round(time.Second), last)
		}
		s.health.probeErr = fmt.Errorf("database cannot take writes: %w", err)
	}
	return s.health.probeErr
}

func (s *Store) probeWrite(ctx context.Context) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO locks (name, owner, expires_at) VALUES (?, printf('%.*c', 6000, 'p'), 0)
		ON CONFLICT (name) DO UPDATE SET owner = excluded.owner`, probeLock); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM locks WHERE name = ?`, probeLock); err != nil {
		return err
	}
	return tx.Commit()
}
