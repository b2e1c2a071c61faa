package attiosim

import (
	"time"

	"toggl-attio-sync/internal/clock"
)

// Clock is the emulator's sense of time: timestamps, rate-limit windows, webhook back-off,
// injected latency. Sleep must return early with ctx.Err() when ctx ends.
type Clock = clock.Clock

// ManualClock is a Clock for tests (see clock.Manual): Sleep advances it without blocking.
type ManualClock = clock.Manual

// NewManualClock starts a ManualClock at t.
func NewManualClock(t time.Time) *ManualClock { return clock.NewManual(t) }
