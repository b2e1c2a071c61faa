package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"toggl-attio-sync/db"
)

// Health is what a connection's operators alert on: queue, freshness, reconciliation.
type Health struct {
	Jobs         map[string]int64     // inbox jobs per status
	OldestQueued time.Time            // receipt of the oldest queued job; zero when none
	LastEvent    map[string]time.Time // newest delivery taken, per source (toggl, attio)
	LastRun      time.Time            // finish of the newest finished resync run; zero when none
	LastRunID    int64
	LastRunOK    bool             // that run ended "done"
	LastRunKinds map[string]int64 // its entry outcomes, "unchanged" included
}

// ConnectionHealth reads a connection's Health from the read pool.
func (s *Store) ConnectionHealth(ctx context.Context, connID int64) (Health, error) {
	h := Health{Jobs: map[string]int64{}, LastEvent: map[string]time.Time{}, LastRunKinds: map[string]int64{}}
	queue, err := s.rq.HealthQueue(ctx, connID)
	if err != nil {
		return h, err
	}
	for _, r := range queue {
		h.Jobs[r.Status] = r.Jobs
		if r.Status == StatusQueued && r.OldestReceivedAt > 0 {
			h.OldestQueued = time.UnixMilli(r.OldestReceivedAt)
		}
	}
	last, err := s.rq.ConsoleLastEvents(ctx, sql.NullInt64{Int64: connID, Valid: true})
	if err != nil {
		return h, err
	}
	for _, r := range last {
		if r.LastOk > 0 {
			h.LastEvent[r.Source] = time.UnixMilli(r.LastOk)
		}
	}
	run, err := s.rq.HealthLastRun(ctx, connID)
	if errors.Is(err, sql.ErrNoRows) {
		return h, nil
	}
	if err != nil {
		return h, err
	}
	h.LastRun, h.LastRunID, h.LastRunOK = time.UnixMilli(run.FinishedAt), run.ID, run.Status == "done"
	kinds, err := s.rq.CountResyncOutcomes(ctx, run.ID)
	if err != nil {
		return h, err
	}
	for _, k := range kinds {
		h.LastRunKinds[k.Outcome] = k.N
	}
	return h, nil
}

// HasEvent reports whether a real delivery (not a validation ping) from source was ever taken
// for the connection: what "events reach this service" means.
func (s *Store) HasEvent(ctx context.Context, connID int64, source string) (bool, error) {
	return s.rq.HealthHasEvent(ctx, db.HealthHasEventParams{ConnectionID: sql.NullInt64{Int64: connID, Valid: true}, Source: source})
}
