package resync_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"toggl-attio-sync/internal/resync"
)

// Cancelling stops a run where it is; what it applied stays, and a new run finishes the job
// without duplicates. Only one run per connection is unfinished at a time.
func TestCancelThenRunAgain(t *testing.T) {
	w := startWorld(t, options{writesPerSecond: 100})
	now := time.Now()
	want := w.seedEntries(300, 30, 20, now)
	win := window(30, 20, now)
	id := w.start(t, win)
	w.waitFor(t, id, "its first entries", func(p resync.Progress) bool { return p.Counts.Created > 0 })

	_, err := resync.Enqueue(context.Background(), w.App.Store, w.conn.ID, win, "test", resync.Estimate{}, time.Now())
	var active *resync.ActiveError
	if !errors.As(err, &active) || active.RunID != id {
		t.Fatalf("a second run while one is unfinished: %v", err)
	}

	must(t, resync.Cancel(context.Background(), w.App.Store, id, time.Now()))
	p := w.wait(t, id)
	t.Log(p.Summary())
	if p.Status != resync.StatusCancelled || p.Counts.Created >= 300 {
		t.Fatalf("cancelled run: %s", p.Summary())
	}

	again := w.wait(t, w.start(t, win))
	t.Log(again.Summary())
	if again.Status != "done" || again.Counts.Created+again.Counts.Updated+again.Counts.Unchanged != 300 {
		t.Fatalf("next run: %s", again.Summary())
	}
	w.checkExactly(t, want)
	if got := len(w.Attio.Entries("toggl_time_entries")); got != 300 {
		t.Errorf("Attio holds %d entries, want 300", got)
	}
}
