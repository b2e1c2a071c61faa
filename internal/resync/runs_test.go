package resync_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/secrets"
	"toggl-attio-sync/internal/store"
)

func openStore(t *testing.T) (*store.Store, *connection.Connection) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "db.sqlite"))
	must(t, err)
	t.Cleanup(func() { st.Close() })
	box, err := secrets.New(make([]byte, 32))
	must(t, err)
	conn, err := connection.NewService(st, box, time.Now).Create(context.Background(), "test")
	must(t, err)
	return st, conn
}

func TestWindow(t *testing.T) {
	w, err := resync.ParseWindow("2025-03-01", "2025-03-31")
	must(t, err)
	if w.Days() != 31 || !w.Contains(time.Date(2025, 3, 31, 23, 59, 0, 0, time.UTC)) || w.Contains(time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("window %s: %d days", w, w.Days())
	}
	if f := w.Fraction(time.Date(2025, 3, 16, 12, 0, 0, 0, time.UTC)); f < 0.49 || f > 0.51 {
		t.Errorf("half way through is %.2f", f)
	}
	for _, bad := range [][2]string{{"2025-03-31", "2025-03-01"}, {"March", "2025-03-01"}, {"2025-03-01", ""}} {
		if _, err := resync.ParseWindow(bad[0], bad[1]); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	last := resync.LastDays(30, time.Date(2025, 3, 31, 15, 0, 0, 0, time.UTC))
	if last.Start.Format(time.DateOnly) != "2025-03-02" || last.End.Format(time.DateOnly) != "2025-03-31" {
		t.Errorf("last 30 days: %s", last)
	}
}

func TestEnqueueOnePerConnectionAndCancelQueued(t *testing.T) {
	st, conn := openStore(t)
	ctx, now := context.Background(), time.Now()
	w := resync.LastDays(7, now)
	id, err := resync.Enqueue(ctx, st, conn.ID, w, "test", resync.Estimate{Requests: 5, Entries: 100}, now)
	must(t, err)
	_, err = resync.Enqueue(ctx, st, conn.ID, w, "test", resync.Estimate{}, now)
	var active *resync.ActiveError
	if !errors.As(err, &active) || active.RunID != id {
		t.Fatalf("second unfinished run: %v", err)
	}
	p, err := resync.Load(ctx, st, id, now)
	must(t, err)
	if p.Status != resync.StatusQueued || p.EstimateRequests != 5 || p.EntriesExpected != 100 || p.Finished() {
		t.Fatalf("queued run: %+v", p)
	}
	// No process has started it: cancelling ends it at once.
	must(t, resync.Cancel(ctx, st, id, now))
	if p, _ = resync.Load(ctx, st, id, now); p.Status != resync.StatusCancelled || !p.Finished() {
		t.Fatalf("after cancel: %s", p.Status)
	}
	if _, err := resync.Enqueue(ctx, st, conn.ID, w, "test", resync.Estimate{}, now); err != nil {
		t.Fatalf("a new run after the cancelled one: %v", err)
	}
	if _, err := resync.Load(ctx, st, 999, now); !errors.Is(err, resync.ErrNotFound) {
		t.Errorf("unknown run: %v", err)
	}
}

// The estimate reads the entry count from an earlier resync of the same days, else from the
// rate webhooks brought entries in, and says when the quota does not cover the run.
func TestEstimate(t *testing.T) {
	st, conn := openStore(t)
	ctx := context.Background()
	now := time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)
	w := resync.LastDays(10, now)

	e, err := resync.EstimateRun(ctx, st, conn, nil, w, resync.EstimateOptions{}, now)
	must(t, err)
	if e.EntriesKnown || e.ReportPages != 1 || e.Requests != 3+1+1 || e.QuotaKnown || !e.Fits() {
		t.Errorf("nothing known: %+v", e)
	}
	if !strings.Contains(e.Text(), "unknown") {
		t.Errorf("text: %s", e.Text())
	}

	// 200 entries arrived by webhook over the last 20 days: 10 a day.
	for i := range 200 {
		must(t, st.UpsertEntryMap(ctx, store.UpsertEntryMapParams{ConnectionID: conn.ID, TimeEntryID: int64(i + 1), AttioEntryID: "e",
			ParentRecordID: "p", UpdatedAt: now.AddDate(0, 0, -20).UnixMilli()}))
	}
	e, err = resync.EstimateRun(ctx, st, conn, nil, w, resync.EstimateOptions{}, now)
	must(t, err)
	if !e.EntriesKnown || e.Entries != 100 || e.ReportPages != 2 || e.Requests != 3+2+1 {
		t.Errorf("from the webhook rate: %+v", e)
	}

	// An earlier resync saw 260 entries in these days: that count wins.
	for i := range 260 {
		must(t, st.RecordResyncEntry(ctx, store.RecordResyncEntryParams{ConnectionID: conn.ID, TimeEntryID: int64(1000 + i),
			StartAt: w.Start.Add(time.Duration(i) * 30 * time.Minute).UnixMilli(), RunID: 1, Outcome: "created", UpdatedAt: now.UnixMilli()}))
	}
	e, err = resync.EstimateRun(ctx, st, conn, nil, w, resync.EstimateOptions{}, now)
	must(t, err)
	if e.Entries != 260 || e.ReportPages != 6 || e.Requests != 10 {
		t.Errorf("from an earlier resync: %+v", e)
	}
}

// Progress goes by the start date of the last checkpointed page, and the time left by the
// work time so far; a pause adds its wait.
func TestProgressFractionAndETA(t *testing.T) {
	st, conn := openStore(t)
	ctx := context.Background()
	now := time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)
	w := resync.Window{Start: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 6, 10, 0, 0, 0, 0, time.UTC)}
	id, err := resync.Enqueue(ctx, st, conn.ID, w, "test", resync.Estimate{}, now)
	must(t, err)
	must(t, st.SaveResyncCheckpoint(ctx, store.SaveResyncCheckpointParams{
		Phase: resync.PhaseEntries, CursorNextID: 7, CursorRowNumber: 51, CursorStart: time.Date(2025, 6, 6, 0, 0, 0, 0, time.UTC).UnixMilli(),
		Pages: 1, ActiveMs: 10_000, QuotaRemaining: -1, UpdatedAt: now.UnixMilli(), ID: id,
	}))
	p, err := resync.Load(ctx, st, id, now)
	must(t, err)
	// Names are 2%, entries 96%: half the window's days done is 2 + 48 = 50%.
	if p.Percent() != 50 || !p.ETAKnown || p.ETA != 10*time.Second {
		t.Fatalf("half way: %d%%, ETA %v (%t)", p.Percent(), p.ETA, p.ETAKnown)
	}
	must(t, st.SetResyncRunStatus(ctx, store.SetResyncRunStatusParams{Status: resync.StatusPaused, Phase: resync.PhaseEntries,
		Source: resync.SourceReports, PausedUntil: now.Add(time.Minute).UnixMilli(), QuotaRemaining: 0, ActiveMs: 10_000,
		UpdatedAt: now.UnixMilli(), ID: id}))
	p, err = resync.Load(ctx, st, id, now)
	must(t, err)
	if p.ETA != 70*time.Second || !strings.Contains(p.Line(), "paused for Toggl's quota until 12:01:00 UTC") {
		t.Fatalf("paused: ETA %v, %s", p.ETA, p.Line())
	}
}
