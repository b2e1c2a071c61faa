package attio

import "toggl-attio-sync/internal/clock"

// Clock is the client's source of time. Pacing and 429 back-off read and sleep through it, so
// tests can replace waiting with a fake clock that only counts.
type Clock = clock.Clock

// SystemClock is the wall clock.
type SystemClock = clock.System
