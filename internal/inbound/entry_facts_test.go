package inbound

import (
	"testing"
	"time"

	"toggl-attio-sync/internal/togglevent"
)

// The map holds the seconds Attio shows after the write: Toggl's duration, or for a running
// entry the time elapsed when it was applied; nothing when Attio holds no entry.
func TestHeldSecondsAreWhatAttioShows(t *testing.T) {
	now := time.Date(2030, 3, 14, 9, 30, 0, 0, time.UTC)
	start := now.Add(-45 * time.Minute)
	stop := start.Add(20 * time.Minute)
	stopped := &togglevent.TimeEntry{ID: 1, Start: start, Stop: &stop, Duration: 1200}
	running := &togglevent.TimeEntry{ID: 2, Start: start, Duration: -start.Unix()}
	for _, c := range []struct {
		name      string
		te        *togglevent.TimeEntry
		held      bool
		start, cs int64
	}{
		{"stopped", stopped, true, start.UnixMilli(), 1200},
		{"running: elapsed at apply time", running, true, start.UnixMilli(), 2700},
		{"running with the spec's -1", &togglevent.TimeEntry{ID: 3, Start: start, Duration: -1}, true, start.UnixMilli(), 2700},
		{"running, started ahead of this clock", &togglevent.TimeEntry{ID: 4, Start: now.Add(time.Minute), Duration: -1}, true, now.Add(time.Minute).UnixMilli(), 0},
		{"deleted or unroutable: Attio holds nothing", stopped, false, start.UnixMilli(), 0},
		{"bare deletion without a start", &togglevent.TimeEntry{ID: 5}, false, 0, 0},
	} {
		if got := startMs(c.te); got != c.start {
			t.Errorf("%s: start %d, want %d", c.name, got, c.start)
		}
		if got := heldSeconds(c.te, now, c.held); got != c.cs {
			t.Errorf("%s: seconds %d, want %d", c.name, got, c.cs)
		}
	}
}
