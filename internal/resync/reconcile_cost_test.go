package resync_test

import (
	"testing"
	"time"
)

// What a reconciliation costs per 1,000 entries: Attio list reads (500 entries a
// read, not one read per entry) and Toggl requests (50 entries a Reports page, plus names, the
// totals and the token owner's deletions). A second run over the same entries writes nothing.
// The figures are in docs/RECONCILE.md.
func TestReconciliationCostPer1000(t *testing.T) {
	w := startWorld(t, options{writesPerSecond: 500, workers: 16})
	now := time.Now()
	want := w.seedEntries(1000, 40, 14, now)
	win := window(40, 14, now)
	first := w.wait(t, w.start(t, win))
	if first.Status != "done" || first.Counts.Created != 1000 {
		t.Fatalf("import: %s", first.Summary())
	}
	w.checkExactly(t, want)

	writes := w.Attio.Stats().Writes
	reads := w.Attio.Stats().Reads
	p := w.wait(t, w.start(t, win))
	t.Logf("reconciling 1,000 entries: %d Attio list reads (%d entries), %d Attio reads in all, %d Toggl requests, %d Attio writes",
		p.AttioReads, p.AttioEntries, w.Attio.Stats().Reads-reads, p.TogglRequests, w.Attio.Stats().Writes-writes)
	if p.Status != "done" || p.Counts.Unchanged != 1000 || p.Differences() != 0 {
		t.Fatalf("reconciliation: %s", p.Summary())
	}
	// 1,000 entries are two full pages of 500 and the short page that ends the walk.
	if p.AttioReads != 3 || p.AttioEntries != 1000 {
		t.Errorf("%d Attio list reads for %d entries, want 3 for 1000", p.AttioReads, p.AttioEntries)
	}
	// 3 for names, 20 Reports pages, 1 totals, 1 /me since=.
	if p.TogglRequests != 3+20+1+1 {
		t.Errorf("%d Toggl requests, want 25", p.TogglRequests)
	}
	if n := w.Attio.Stats().Writes - writes; n != 0 {
		t.Errorf("a reconciliation of an unchanged window wrote %d times", n)
	}
}
