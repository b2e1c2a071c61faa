package toggl

import (
	"context"
	"time"
)

// Clock is the client's source of time. The limiter, the 429 back-off and the quota wait all
// sleep through it, so a test can drive them with a fake clock and never wait for real.
type Clock interface {
	Now() time.Time
	// Sleep returns after d has passed on this clock, or early with ctx's error.
	Sleep(ctx context.Context, d time.Duration) error
}

// SystemClock is the real clock.
type SystemClock struct{}

func (SystemClock) Now() time.Time { return time.Now() }

func (SystemClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// outlastsContext reports whether waiting d would outlast ctx's deadline. Deadlines are
// wall-clock, so this compares with real time even when the Clock is fake.
func outlastsContext(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) < d
}
