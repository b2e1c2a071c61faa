package resync

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
)

// The console's reads and actions on runs: each page or button is one call here, so the web
// handlers only parse and render.

// Run is one run's progress with its first findings in full (none while it found no
// difference).
type Run struct {
	Progress
	First []FindingView
}

// LoadRun reads a run's progress and up to firstN of its findings; ErrNotFound when there is
// no such run.
func LoadRun(ctx context.Context, st *store.Store, runID int64, firstN int, now time.Time) (Run, error) {
	p, err := Load(ctx, st, runID, now)
	if err != nil {
		return Run{}, err
	}
	return withFindings(ctx, st, p, firstN)
}

func withFindings(ctx context.Context, st *store.Store, p Progress, firstN int) (Run, error) {
	r := Run{Progress: p}
	if p.Differences() == 0 || firstN <= 0 {
		return r, nil
	}
	var err error
	r.First, err = FirstFindings(ctx, st, p.RunID, firstN)
	return r, err
}

// Overview is a connection's Resync page: its unfinished run, its latest runs, when the next
// scheduled reconciliation is due, and (when asked for) the estimate of a planned run.
type Overview struct {
	Active  *Run       // nil when no run is unfinished
	Recent  []Progress // newest first
	NextDue time.Time  // valid when NextOn
	NextOn  bool       // false when the schedule is off
	Plan    *Estimate
}

// OverviewOptions size the page and may ask for an estimate with it.
type OverviewOptions struct {
	Recent, First int          // how many recent runs, and findings of the active run
	Plan          *Window      // estimate a run over this window too
	Toggl         TogglFactory // for the estimate's quota reading; nil: the quota is unknown
}

// LoadOverview gathers a connection's Resync page.
func LoadOverview(ctx context.Context, st *store.Store, conn *connection.Connection, o OverviewOptions, now time.Time) (Overview, error) {
	var ov Overview
	var err error
	if ov.NextDue, ov.NextOn, err = NextScheduled(ctx, st, conn, now, now); err != nil {
		return ov, err
	}
	if o.Plan != nil {
		est, err := Plan(ctx, st, conn, o.Toggl, *o.Plan, now)
		if err != nil {
			return ov, err
		}
		ov.Plan = &est
	}
	active, ok, err := Active(ctx, st, conn.ID, now)
	if err != nil {
		return ov, err
	}
	if ok {
		r, err := withFindings(ctx, st, active, o.First)
		if err != nil {
			return ov, err
		}
		ov.Active = &r
	}
	ov.Recent, err = Recent(ctx, st, conn.ID, o.Recent, now)
	return ov, err
}

// Plan estimates a run of conn over w before it starts, reading the quota Toggl reports now
// with the connection's client (GET /me/quota does not count against it). Without a client
// (no factory, or none can be made) the estimate says the quota is unknown.
func Plan(ctx context.Context, st *store.Store, conn *connection.Connection, clients TogglFactory, w Window, now time.Time) (Estimate, error) {
	var tc *toggl.Client
	if clients != nil {
		tc, _ = clients(ctx, conn) // without a client the estimate says the quota is unknown
	}
	return EstimateRun(ctx, st, conn, tc, w, EstimateOptions{}, now)
}

// CancelRun is Cancel for a run named by a request, returning its progress after the request;
// ErrNotFound when there is no such run.
func CancelRun(ctx context.Context, st *store.Store, runID int64, now time.Time) (Progress, error) {
	if _, err := Load(ctx, st, runID, now); err != nil {
		return Progress{}, err
	}
	if err := Cancel(ctx, st, runID, now); err != nil {
		return Progress{}, err
	}
	return Load(ctx, st, runID, now)
}

// AnswerRun is Answer for a run named by a request: ErrNotFound when there is no such run,
// ErrNotWaiting when it waits for no answer.
func AnswerRun(ctx context.Context, st *store.Store, runID int64, remove bool, now time.Time) error {
	if _, err := Load(ctx, st, runID, now); err != nil {
		return err
	}
	return Answer(ctx, st, runID, remove, now)
}

// Reconciliation is the dashboard's reconciliation panel: the last run (a scheduled one,
// else a person's) and when the next scheduled one is due.
type Reconciliation struct {
	Last    *Progress // nil before the first run
	NextDue time.Time // valid when NextOn
	NextOn  bool
}

// requesters in the order the panel prefers their last run.
var requesters = []string{RequestedBySchedule, "console", "cli"}

// LastReconciliation reads the connection's reconciliation panel.
func LastReconciliation(ctx context.Context, st *store.Store, conn *connection.Connection, now time.Time) (Reconciliation, error) {
	var r Reconciliation
	var row store.ResyncRun
	var err error
	for _, by := range requesters {
		row, err = st.LastResyncRunOf(ctx, store.LastResyncRunOfParams{ConnectionID: conn.ID, RequestedBy: by})
		if err == nil || !errors.Is(err, sql.ErrNoRows) {
			break
		}
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return r, err
	default:
		p, err := Load(ctx, st, row.ID, now)
		if err != nil {
			return r, err
		}
		r.Last = &p
	}
	r.NextDue, r.NextOn, err = NextScheduled(ctx, st, conn, now, now)
	return r, err
}
