package resync_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/resync"
)

// An hourly schedule queues nothing at the first look, one repair run of the
// rolling window once the next hour is due, no second while it runs, and nothing when off;
// the queued run executes and the dashboard shows it with the next due time.
func TestScheduledReconciliation(t *testing.T) {
	w := startWorld(t, options{})
	ctx := context.Background()
	w.conn.Settings.Reconcile = connection.Reconcile{Schedule: connection.ScheduleHourly, WindowDays: 3, DeletionShare: 0.1, Set: true}
	must(t, w.App.Conns.SaveSettings(ctx, w.conn, w.conn.Settings))
	svc := w.App.Resync
	var sc resync.Scheduler
	t0 := time.Now().UTC().Truncate(time.Hour).Add(10 * time.Minute)

	svc.ScheduleAt(ctx, &sc, t0)
	if _, ok, err := resync.Active(ctx, w.App.Store, w.conn.ID, time.Now()); err != nil || ok {
		t.Fatalf("a run was queued at the first look: %v %v", ok, err)
	}
	svc.ScheduleAt(ctx, &sc, t0.Add(30*time.Minute))
	if _, ok, _ := resync.Active(ctx, w.App.Store, w.conn.ID, time.Now()); ok {
		t.Fatal("a run was queued before the next hour")
	}
	due := t0.Add(50 * time.Minute)
	svc.ScheduleAt(ctx, &sc, due)
	svc.ScheduleAt(ctx, &sc, due.Add(time.Second))
	// Only the runs this test's looks queued (created at their times): the service's own loop
	// looks at the real clock, and may queue one of its own if an hour turns during the test.
	queuedAt := func(from time.Time) []resync.Progress {
		runs, err := resync.Recent(ctx, w.App.Store, w.conn.ID, 10, time.Now())
		must(t, err)
		var out []resync.Progress
		for _, r := range runs {
			if !r.CreatedAt.Before(from) && r.CreatedAt.Sub(from) < time.Minute {
				out = append(out, r)
			}
		}
		return out
	}
	runs := queuedAt(due)
	if len(runs) != 1 {
		t.Fatalf("%d runs queued, want 1", len(runs))
	}
	r := runs[0]
	if r.RequestedBy != resync.RequestedBySchedule || r.Mode != resync.ModeRepair || r.Window != resync.LastDays(3, due) {
		t.Fatalf("scheduled run: by %s, mode %s, window %s", r.RequestedBy, r.Mode, r.Window)
	}
	p := w.wait(t, r.RunID)
	if p.Status != "done" {
		t.Fatalf("scheduled run: %s", p.Summary())
	}
	// The next is due an hour after this one was queued.
	next, ok, err := svc.NextScheduled(ctx, w.conn, time.Time{}, time.Now())
	must(t, err)
	if !ok || !next.Equal(time.UnixMilli(p.CreatedAt.UnixMilli()).UTC().Truncate(time.Hour).Add(time.Hour)) {
		t.Errorf("next scheduled run at %s (ok %v) after a run queued at %s", next, ok, p.CreatedAt)
	}
	dash := w.consolePage(t, "/")
	if !strings.Contains(dash, `id="reconcile-last"`) || !strings.Contains(dash, "schedule") || !strings.Contains(dash, `id="reconcile-next"`) ||
		strings.Contains(dash, "The schedule is off") {
		t.Errorf("dashboard reconciliation panel:\n%s", between(dash, `id="reconcile"`, "</section>"))
	}

	// Off: nothing is queued however late.
	w.conn.Settings.Reconcile.Schedule = connection.ScheduleOff
	must(t, w.App.Conns.SaveSettings(ctx, w.conn, w.conn.Settings))
	svc.ScheduleAt(ctx, &sc, due.Add(48*time.Hour))
	if runs := queuedAt(due.Add(48 * time.Hour)); len(runs) != 0 {
		t.Errorf("%d runs queued with the schedule off", len(runs))
	}
	if dash := w.consolePage(t, "/"); !strings.Contains(dash, "The schedule is off") {
		t.Errorf("dashboard does not say the schedule is off")
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return s
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

func TestReconcileNext(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	daily := connection.Reconcile{Schedule: connection.ScheduleDaily, Hour: 3, WindowDays: 14, Set: true}
	hourly := connection.Reconcile{Schedule: connection.ScheduleHourly, WindowDays: 14, Set: true}
	tests := []struct {
		name      string
		r         connection.Reconcile
		last, now string
		want      string
	}{
		{"daily, never ran, before the hour", daily, "", "2026-12-03T02:59:00Z", "2026-12-03T03:00:00Z"},
		{"daily, never ran, after the hour: tomorrow", daily, "", "2026-12-03T03:00:01Z", "2026-12-04T03:00:00Z"},
		{"daily, ran today at the hour", daily, "2026-12-03T03:00:05Z", "2026-12-03T09:00:00Z", "2026-12-04T03:00:00Z"},
		{"daily, last ran days ago: due", daily, "2026-11-28T03:00:00Z", "2026-12-03T09:00:00Z", "2026-11-29T03:00:00Z"},
		{"daily at 23 across the month", connection.Reconcile{Schedule: "daily", Hour: 23, Set: true}, "2026-11-30T23:00:00Z", "2026-12-01T00:10:00Z", "2026-12-01T23:00:00Z"},
		{"hourly, never ran", hourly, "", "2026-12-03T09:20:00Z", "2026-12-03T10:00:00Z"},
		{"hourly after a run", hourly, "2026-12-03T09:00:02Z", "2026-12-03T09:20:00Z", "2026-12-03T10:00:00Z"},
	}
	for _, tt := range tests {
		var last time.Time
		if tt.last != "" {
			last = at(tt.last)
		}
		got, ok := tt.r.Next(last, at(tt.now))
		if !ok || !got.Equal(at(tt.want)) {
			t.Errorf("%s: %s %v, want %s", tt.name, got, ok, tt.want)
		}
	}
	if _, ok := (connection.Reconcile{Schedule: connection.ScheduleOff, Set: true}).Next(time.Time{}, time.Now()); ok {
		t.Error("off has a next run")
	}
	def := connection.Settings{}.WithDefaults().Reconcile
	if def.Schedule != connection.ScheduleDaily || def.Hour != 3 || def.WindowDays != 14 || def.DeletionShare != 0.10 {
		t.Errorf("defaults: %+v", def)
	}
	for _, bad := range []connection.Reconcile{
		{Schedule: "weekly", WindowDays: 1, Set: true}, {Schedule: "daily", Hour: 24, WindowDays: 1, Set: true},
		{Schedule: "daily", WindowDays: 0, Set: true}, {Schedule: "daily", WindowDays: 1, DeletionShare: 1.5, Set: true},
	} {
		if field, err := bad.Validate(); err == nil || field == "" {
			t.Errorf("%+v validated", bad)
		}
	}
}
