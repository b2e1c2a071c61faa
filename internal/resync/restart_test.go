package resync_test

import (
	"testing"
	"time"

	"toggl-attio-sync/internal/resync"
)

// The service restarts mid-run: the new process resumes the same run from its stored
// checkpoint (the pages already applied are not read again) and Attio ends with every entry
// exactly once.
func TestRestartResumesFromCheckpoint(t *testing.T) {
	w := startWorld(t, options{writesPerSecond: 200})
	now := time.Now()
	want := w.seedEntries(1000, 30, 20, now) // 20 report pages
	id := w.start(t, window(30, 20, now))
	before := w.waitFor(t, id, "5 pages", func(p resync.Progress) bool { return p.Pages >= 5 })
	t.Logf("restarting at %s", before.Line())

	w.Restart(t)
	p := w.wait(t, id)
	t.Log(p.Summary())
	if p.Status != "done" || p.Counts.Failed != 0 {
		t.Fatalf("run: %s", p.Summary())
	}
	// An entry whose create was in flight at the stop is found again by its time entry id and
	// counts as updated; every other one was recorded once.
	if c := p.Counts; c.Created+c.Updated+c.Unchanged != 1000 || c.Updated > w.opts.workers {
		t.Errorf("counts across the restart: %s", p.Summary())
	}
	w.checkExactly(t, want)
	if got := len(w.Attio.Entries("toggl_time_entries")); got != 1000 {
		t.Errorf("Attio holds %d entries, want 1000", got)
	}
	// Resumed, not restarted: the pages before the checkpoint were read once. Those fetched
	// ahead of it (up to two pages queued for the workers, the one being handed out and one
	// the workers were finishing) are read again.
	if got := w.requests.get("reports"); got < 20 || got > 20+4 {
		t.Errorf("%d report requests for 20 pages across the restart", got)
	}
}
