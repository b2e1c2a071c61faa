package resync_test

import (
	"testing"
	"time"
)

// A small backfill end to end: every entry lands once on its mapped Project, a second run
// writes nothing.
func TestBackfillSmall(t *testing.T) {
	w := startWorld(t, options{})
	now := time.Now()
	want := w.seedEntries(120, 40, 20, now)
	id := w.start(t, window(40, 20, now))
	p := w.wait(t, id)
	t.Logf("%s\n%s", p.Line(), p.Summary())
	if p.Status != "done" || p.Counts.Created != 120 {
		t.Fatalf("first run: %s", p.Summary())
	}
	w.checkExactly(t, want)
}
