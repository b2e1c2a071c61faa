package togglsim

import (
	"time"

	"toggl-attio-sync/internal/clock"
)

// ManualClock is a clock tests move by hand (see clock.Manual). Pass its Now method as
// Config.Clock.
type ManualClock = clock.Manual

// NewManualClock starts a clock at t.
func NewManualClock(t time.Time) *ManualClock { return clock.NewManual(t) }
