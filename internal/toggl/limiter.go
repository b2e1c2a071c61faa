package toggl

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/time/rate"
)

// Limiter paces requests. Wait blocks until one request may be sent, or returns ctx's error.
// The default is the token's shared 1 request/second limiter from the Registry; tests may
// inject their own.
type Limiter interface {
	Wait(ctx context.Context) error
}

// clockLimiter is a rate.Limiter driven by a Clock instead of time.Now, so fake clocks work:
// it reserves a slot at clock.Now() and sleeps on the clock until the slot comes.
type clockLimiter struct {
	lim   *rate.Limiter
	clock Clock
}

// errWaitOutlastsContext wraps context.DeadlineExceeded so callers can test for it as usual.
var errWaitOutlastsContext = fmt.Errorf("toggl: rate limit wait would outlast the context deadline: %w", context.DeadlineExceeded)

func (l clockLimiter) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := l.clock.Now()
	r := l.lim.ReserveN(now, 1)
	if !r.OK() {
		return errors.New("toggl: limiter burst is below 1")
	}
	delay := r.DelayFrom(now)
	if delay <= 0 {
		return nil
	}
	if outlastsContext(ctx, delay) {
		r.CancelAt(now)
		return errWaitOutlastsContext
	}
	if err := l.clock.Sleep(ctx, delay); err != nil {
		r.CancelAt(l.clock.Now())
		return err
	}
	return nil
}
