package resync_test

import (
	"slices"
	"testing"
	"time"

	"toggl-attio-sync/internal/attiosim"
)

// The backfill: 5,000 time entries in Toggl become exactly 5,000 Attio entries on the
// right Projects, paced to Attio's write limit without a single 429 (a second run is
// TestSecondRunWritesNothing). The limit is scaled from Attio's 25 writes/s to 500/s in both the emulator and the
// client so the test stays short; the ratio achieved is what the pacing design is about.
func TestBackfill5000(t *testing.T) {
	const n, limit = 5000, 500
	w := startWorld(t, options{writesPerSecond: limit, workers: 24})
	now := time.Now()
	want := w.seedEntries(n, 70, 60, now)
	win := window(70, 60, now)
	before := w.Attio.Stats()

	p := w.wait(t, w.start(t, win))
	t.Log(p.Summary())
	if p.Status != "done" || p.Counts.Created != n || p.Counts.Failed != 0 {
		t.Fatalf("backfill: %s", p.Summary())
	}
	w.checkExactly(t, want)
	if got := len(w.Attio.Entries("toggl_time_entries")); got != n {
		t.Fatalf("Attio holds %d entries, want %d", got, n)
	}
	after := w.Attio.Stats()
	if after.RateLimited != before.RateLimited {
		t.Errorf("Attio answered %d 429s during the backfill", after.RateLimited-before.RateLimited)
	}
	if peak := after.PeakWritesPerSecond(); peak > limit {
		t.Errorf("peak %d writes in one second over the limit %d", peak, limit)
	}
	rate, seconds := steadyWriteRate(before, after)
	t.Logf("Attio writes: %.1f/s over %d full seconds = %.0f%% of the client's configured %.0f/s (%.0f%% of Attio's %d/s), peak %d in one second",
		rate, seconds, 100*rate/w.opts.clientLimit(), w.opts.clientLimit(), 100*rate/limit, limit, after.PeakWritesPerSecond())
	t.Logf("Toggl: %d report pages, %d requests in all", w.requests.get("reports"), p.TogglRequests)

}

// steadyWriteRate is the mean writes per second over the whole seconds between the first and
// the last second with writes (both partial, so left out).
func steadyWriteRate(before, after attiosim.Stats) (float64, int) {
	var secs []int64
	for s, n := range after.WritesPerSecond {
		if n > before.WritesPerSecond[s] {
			secs = append(secs, s)
		}
	}
	slices.Sort(secs)
	if len(secs) < 3 {
		return 0, 0
	}
	total := 0
	for _, s := range secs[1 : len(secs)-1] {
		total += after.WritesPerSecond[s] - before.WritesPerSecond[s]
	}
	full := int(secs[len(secs)-1] - secs[0] - 1)
	return float64(total) / float64(full), full
}
