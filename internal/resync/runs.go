package resync

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"toggl-attio-sync/internal/store"
)

// Run statuses. queued, running, paused and cancelling are unfinished: a process that holds
// the connection's lock works on them; the others are final.
const (
	StatusQueued     = "queued"
	StatusRunning    = "running"
	StatusPaused     = "paused" // waiting for Toggl's quota to reset (PausedUntil)
	StatusCancelling = "cancelling"
	StatusCancelled  = "cancelled"
	StatusDone       = "done"
	StatusFailed     = "failed"
	// StatusConfirm: the run stopped before deleting more than the connection allows by
	// absence, and waits for a person to confirm or decline (Answer).
	StatusConfirm = "confirm"
)

// Modes of a run.
const (
	ModeRepair = "repair" // reconcile: Attio is made to equal Toggl
	ModeCheck  = "check"  // drift check: compare the same way, write nothing, report
)

// Phases of a run, in order. names: clients, projects and users; entries: the window's time
// entries page by page; deletions: entries Toggl deleted.
const (
	PhaseNames     = "names"
	PhaseEntries   = "entries"
	PhaseDeletions = "deletions"
	PhaseFinished  = "finished"
)

// Sources of time entries.
const (
	SourceReports = "reports" // Reports v3 detailed search: the whole workspace
	SourceMe      = "me"      // GET /me/time_entries: the token owner's entries only
)

// ActiveError means the connection already has an unfinished run.
type ActiveError struct{ RunID int64 }

func (e *ActiveError) Error() string {
	return fmt.Sprintf("resync %d of this connection has not finished yet", e.RunID)
}

// ErrNotFound means no run has that id.
var ErrNotFound = errors.New("resync run not found")

// Enqueue stores a run for the connection over w, to be executed by Service.Execute (the
// service's Run loop picks it up). by says who asked (console or cli); est is the estimate
// shown before starting. A connection has at most one unfinished run.
func Enqueue(ctx context.Context, st *store.Store, connID int64, w Window, by string, est Estimate, now time.Time) (int64, error) {
	return EnqueueMode(ctx, st, connID, w, by, ModeRepair, est, now)
}

// EnqueueMode is Enqueue for a repair run or a drift check (mode).
func EnqueueMode(ctx context.Context, st *store.Store, connID int64, w Window, by, mode string, est Estimate, now time.Time) (int64, error) {
	if mode != ModeRepair && mode != ModeCheck {
		return 0, fmt.Errorf("unknown resync mode %q", mode)
	}
	if err := w.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := st.Tx(ctx, func(q *store.Tx) error {
		active, err := q.ActiveResyncRun(ctx, connID)
		if err == nil {
			return &ActiveError{RunID: active.ID}
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		run, err := q.CreateResyncRunMode(ctx, store.CreateResyncRunModeParams{
			ConnectionID: connID, WindowStart: w.Start.UnixMilli(), WindowEnd: w.End.UnixMilli(), RequestedBy: by,
			EstimateRequests: int64(est.Requests), EntriesExpected: int64(est.Entries), Mode: mode,
			CreatedAt: now.UnixMilli(), UpdatedAt: now.UnixMilli(),
		})
		id = run.ID
		return err
	})
	return id, err
}

// Cancel asks the process running the run to stop; a run no process has started yet ends at
// once. Entries already applied stay applied; a new run starts over from the first page.
func Cancel(ctx context.Context, st *store.Store, runID int64, now time.Time) error {
	if n, err := st.CancelConfirmResyncRun(ctx, store.CancelConfirmResyncRunParams{Now: now.UnixMilli(), ID: runID}); err != nil || n > 0 {
		return err
	}
	n, err := st.RequestResyncCancel(ctx, store.RequestResyncCancelParams{UpdatedAt: now.UnixMilli(), ID: runID})
	if err != nil || n == 0 {
		return err
	}
	_, err = st.CancelQueuedResyncRun(ctx, store.CancelQueuedResyncRunParams{Now: now.UnixMilli(), ID: runID})
	return err
}

// ErrNotWaiting means the run is not waiting for a deletion confirmation.
var ErrNotWaiting = errors.New("this run is not waiting for a confirmation")

// Answer confirms (remove true) or declines the deletions a run stopped before. Either way the
// run is queued again and resumes at its deletions: removing them, or keeping them and
// finishing with a note.
func Answer(ctx context.Context, st *store.Store, runID int64, remove bool, now time.Time) error {
	v := int64(-1)
	if remove {
		v = 1
	}
	n, err := st.AnswerResyncConfirmation(ctx, store.AnswerResyncConfirmationParams{DeletionsConfirmed: v, UpdatedAt: now.UnixMilli(), ID: runID})
	if err == nil && n == 0 {
		err = ErrNotWaiting
	}
	return err
}

// Load reads a run's progress.
func Load(ctx context.Context, st *store.Store, runID int64, now time.Time) (Progress, error) {
	row, err := st.GetResyncRun(ctx, runID)
	if errors.Is(err, sql.ErrNoRows) {
		return Progress{}, ErrNotFound
	}
	if err != nil {
		return Progress{}, err
	}
	return progressOf(ctx, st, row, now)
}

// Recent lists a connection's latest runs, newest first.
func Recent(ctx context.Context, st *store.Store, connID int64, n int, now time.Time) ([]Progress, error) {
	rows, err := st.ListResyncRuns(ctx, store.ListResyncRunsParams{ConnectionID: connID, Limit: int64(n)})
	if err != nil {
		return nil, err
	}
	out := make([]Progress, 0, len(rows))
	for _, r := range rows {
		p, err := progressOf(ctx, st, r, now)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Active returns the connection's unfinished run, if any (ok false when none).
func Active(ctx context.Context, st *store.Store, connID int64, now time.Time) (Progress, bool, error) {
	row, err := st.ActiveResyncRun(ctx, connID)
	if errors.Is(err, sql.ErrNoRows) {
		return Progress{}, false, nil
	}
	if err != nil {
		return Progress{}, false, err
	}
	p, err := progressOf(ctx, st, row, now)
	return p, err == nil, err
}

func lockName(connID int64) string { return fmt.Sprintf("resync:%d", connID) }

// serviceLock is held (and renewed) by a running service's Run loop, so the CLI can hand its
// run to the service instead of pacing a second process against the same tokens.
const serviceLock = "resync:service"

// ServiceAlive reports whether a service process is executing resyncs right now.
func ServiceAlive(ctx context.Context, st *store.Store, now time.Time) (bool, error) {
	h, err := st.GetLockHolder(ctx, serviceLock)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil && h.ExpiresAt >= now.UnixMilli(), err
}
