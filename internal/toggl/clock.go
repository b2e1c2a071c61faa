package toggl

import (
	"context"
	"time"

	"toggl-attio-sync/internal/clock"
)

// Clock is the client's source of time. The limiter, the 429 back-off and the quota wait all
// sleep through it, so a test can drive them with a fake clock and never wait for real.
type Clock = clock.Clock

// SystemClock is the real clock.
type SystemClock = clock.System

// outlastsContext reports whether waiting d would outlast ctx's deadline. Deadlines are
// wall-clock, so this compares with real time even when the Clock is fake.
func outlastsContext(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) < d
}
