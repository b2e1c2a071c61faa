package inbound

import (
	"time"

	"toggl-attio-sync/internal/togglevent"
)

// The map keeps each entry's start and seconds so the dashboard charts hours from what Attio
// holds (every entry written, by webhook or resync, however old) without reading Attio.

// startMs is the entry's start in unix ms, 0 when the event carries none (a bare deletion).
func startMs(te *togglevent.TimeEntry) int64 {
	if te.Start.IsZero() {
		return 0
	}
	return te.Start.UnixMilli()
}

// heldSeconds is the duration Attio shows for the entry after this write: Toggl's duration,
// or for a running entry the time elapsed at now, which is what the field map renders into
// duration_seconds (fieldmap's durationSeconds). Counting a running entry live instead would
// make the chart disagree with Attio until the entry stops, and a drift check compares the
// two. It is 0 when Attio holds no entry (deleted, unroutable, create pending).
func heldSeconds(te *togglevent.TimeEntry, now time.Time, held bool) int64 {
	switch {
	case !held:
		return 0
	case !te.Running():
		return max(te.Duration, 0)
	case te.Start.IsZero():
		return 0
	}
	return max(int64(now.Sub(te.Start)/time.Second), 0)
}
