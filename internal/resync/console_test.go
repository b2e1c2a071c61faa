package resync_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/resync"
)

// The console's calls on runs: a missing run is ErrNotFound for every one of them, a queued run
// is the connection's active one until cancelled, and an estimate comes with the overview when
// asked for.
func TestConsoleRunCalls(t *testing.T) {
	st, conn := openStore(t)
	ctx, now := context.Background(), time.Now()
	if _, err := resync.LoadRun(ctx, st, 999, 20, now); !errors.Is(err, resync.ErrNotFound) {
		t.Fatalf("LoadRun of a missing run: %v", err)
	}
	if _, err := resync.CancelRun(ctx, st, 999, now); !errors.Is(err, resync.ErrNotFound) {
		t.Fatalf("CancelRun of a missing run: %v", err)
	}
	if err := resync.AnswerRun(ctx, st, 999, true, now); !errors.Is(err, resync.ErrNotFound) {
		t.Fatalf("AnswerRun of a missing run: %v", err)
	}

	ov, err := resync.LoadOverview(ctx, st, conn, resync.OverviewOptions{Recent: 5, First: 20}, now)
	must(t, err)
	if ov.Active != nil || len(ov.Recent) != 0 || ov.Plan != nil || !ov.NextOn || ov.NextDue.IsZero() {
		t.Fatalf("empty overview %+v", ov)
	}

	w := resync.LastDays(7, now)
	id, err := resync.Enqueue(ctx, st, conn.ID, w, "console", resync.Estimate{}, now)
	must(t, err)
	ov, err = resync.LoadOverview(ctx, st, conn, resync.OverviewOptions{Recent: 5, First: 20, Plan: &w}, now)
	must(t, err)
	if ov.Active == nil || ov.Active.RunID != id || len(ov.Active.First) != 0 || len(ov.Recent) != 1 {
		t.Fatalf("overview with a queued run %+v", ov)
	}
	if ov.Plan == nil || ov.Plan.Window != w || ov.Plan.QuotaKnown {
		t.Fatalf("plan without a Toggl client %+v", ov.Plan)
	}
	if err := resync.AnswerRun(ctx, st, id, true, now); !errors.Is(err, resync.ErrNotWaiting) {
		t.Fatalf("answering a queued run: %v", err)
	}
	p, err := resync.CancelRun(ctx, st, id, now)
	must(t, err)
	if p.Status != resync.StatusCancelled {
		t.Fatalf("cancelled queued run: %s", p.Status)
	}
	r, err := resync.LoadRun(ctx, st, id, 20, now)
	must(t, err)
	if r.RunID != id || r.Status != resync.StatusCancelled {
		t.Fatalf("run %+v", r)
	}
}

// The dashboard's panel prefers the schedule's last run over a person's, and says when the
// next scheduled one is due (nothing when the schedule is off).
func TestLastReconciliationPrefersTheSchedule(t *testing.T) {
	st, conn := openStore(t)
	ctx, now := context.Background(), time.Now()
	rec, err := resync.LastReconciliation(ctx, st, conn, now)
	must(t, err)
	if rec.Last != nil || !rec.NextOn {
		t.Fatalf("before any run: %+v", rec)
	}
	finished := func(by string) int64 {
		id, err := resync.Enqueue(ctx, st, conn.ID, resync.LastDays(7, now), by, resync.Estimate{}, now)
		must(t, err)
		_, err = resync.CancelRun(ctx, st, id, now) // a queued run ends at once
		must(t, err)
		return id
	}
	console := finished("console")
	rec, err = resync.LastReconciliation(ctx, st, conn, now)
	must(t, err)
	if rec.Last == nil || rec.Last.RunID != console {
		t.Fatalf("a person's run: %+v", rec.Last)
	}
	scheduled := finished(resync.RequestedBySchedule)
	finished("cli")
	off := *conn
	off.Settings.Reconcile = connection.Reconcile{Schedule: connection.ScheduleOff, Set: true}
	rec, err = resync.LastReconciliation(ctx, st, &off, now)
	must(t, err)
	if rec.Last == nil || rec.Last.RunID != scheduled || rec.NextOn {
		t.Fatalf("with a scheduled run and the schedule off: %+v", rec)
	}
}
