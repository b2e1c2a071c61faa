package resync_test

import (
	"testing"
	"time"

	"toggl-attio-sync/internal/resync"
)

// The service restarts mid-run: the new process resumes the same run from its stored
// checkpoint (the pages checkpointed are not read again) and Attio ends with every entry
// exactly once.
func TestRestartResumesFromCheckpoint(t *testing.T) {
	w := startWorld(t, options{writesPerSecond: 200})
	now := time.Now()
	want := w.seedEntries(600, 30, 20, now) // 12 report pages
	id := w.start(t, window(30, 20, now))
	before := w.waitFor(t, id, "3 pages", func(p resync.Progress) bool { return p.Pages >= 3 })
	t.Logf("restarting at %s", before.Line())

	w.Restart(t)
	asked := len(w.requests.firstRows())
	p := w.wait(t, id)
	t.Log(p.Summary())
	if p.Status != "done" || p.Counts.Failed != 0 {
		t.Fatalf("run: %s", p.Summary())
	}
	// An entry whose create was in flight at the stop is found again by its time entry id and
	// counts as updated; every other one was recorded once.
	if c := p.Counts; c.Created+c.Updated+c.Unchanged != 600 || c.Updated > w.opts.workers {
		t.Errorf("counts across the restart: %s", p.Summary())
	}
	w.checkExactly(t, want)
	if got := len(w.Attio.Entries("toggl_time_entries")); got != 600 {
		t.Errorf("Attio holds %d entries, want 600", got)
	}
	// Resumed, not restarted: the new process's first Reports search continues at the stored
	// cursor, past the pages checkpointed before the stop, and the walk ends at page 12.
	rows := w.requests.firstRows()
	if len(rows) <= asked {
		t.Fatalf("no Reports search after the restart")
	}
	if resumedAt, checkpointed := rows[asked], int64(before.Pages)*50+1; resumedAt < checkpointed {
		t.Errorf("the restarted run asked from row %d; %d pages were checkpointed before the stop (row %d on)", resumedAt, before.Pages, checkpointed)
	}
	if last := rows[len(rows)-1]; last != 11*50+1 {
		t.Errorf("the last page asked from row %d, want %d", last, 11*50+1)
	}
}
