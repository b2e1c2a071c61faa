package toggl

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Registry holds the per-token state that every Client for the same API token shares:
// the request limiter, the pause after a 429 and the block until the quota resets.
// Toggl limits "per api token per IP" (docs/api/toggl.md §5), so two Clients for one token in one
// process must not each get their own budget. Clients use the process-wide DefaultRegistry
// unless Options.Registry names another (tests use their own to stay independent).
//
// All Clients sharing a Registry must share one Clock, because the token's limiter compares
// the times they pass in.
type Registry struct {
	interval time.Duration
	burst    int

	mu     sync.Mutex
	tokens map[string]*tokenState
}

// DefaultRegistry paces each token at 1 request per second with no burst: the "safe window"
// of Toggl's leaky bucket (docs/api/toggl.md §5, [D-overview]).
var DefaultRegistry = NewRegistry(time.Second, 1)

// NewRegistry returns a registry whose tokens may each send one request per interval, with
// up to burst requests at once. interval 0 means no pacing.
func NewRegistry(interval time.Duration, burst int) *Registry {
	if burst < 1 {
		burst = 1
	}
	return &Registry{interval: interval, burst: burst, tokens: map[string]*tokenState{}}
}

func (r *Registry) token(apiToken string) *tokenState {
	r.mu.Lock()
	defer r.mu.Unlock()
	ts, ok := r.tokens[apiToken]
	if !ok {
		limit := rate.Inf
		if r.interval > 0 {
			limit = rate.Every(r.interval)
		}
		ts = &tokenState{limiter: rate.NewLimiter(limit, r.burst)}
		r.tokens[apiToken] = ts
	}
	return ts
}

// tokenState is one token's shared pacing and quota state.
type tokenState struct {
	limiter *rate.Limiter

	mu         sync.Mutex
	pauseUntil time.Time // after a 429 nobody sends before this
	quotaUntil time.Time // after a quota 402 nobody sends before this
	quotaLeft  int       // X-Toggl-Quota-Remaining of that 402
	quota      QuotaStatus
}

// pause makes every caller for this token hold off until until (never shortens a pause).
func (ts *tokenState) pause(until time.Time) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if until.After(ts.pauseUntil) {
		ts.pauseUntil = until
	}
}

// blockForQuota records an exhausted quota: every caller waits until resetAt.
func (ts *tokenState) blockForQuota(resetAt time.Time, remaining int, now time.Time) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if resetAt.After(ts.quotaUntil) {
		ts.quotaUntil = resetAt
	}
	ts.quotaLeft = remaining
	ts.quota = QuotaStatus{Remaining: remaining, ResetAt: resetAt, ObservedAt: now, Known: true}
}

// observe records the quota headers of any answer.
func (ts *tokenState) observe(q QuotaStatus) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if q.ObservedAt.Before(ts.quota.ObservedAt) {
		return // a slower concurrent answer carries older news
	}
	ts.quota = q
}

func (ts *tokenState) status() QuotaStatus {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	q := ts.quota
	q.BlockedUntil = ts.quotaUntil
	return q
}

// gate blocks until this token may send: after any 429 pause and any quota block. A quota
// block ends in a *QuotaError instead of a wait when failFast is set or the wait would
// outlast ctx.
func (ts *tokenState) gate(ctx context.Context, clock Clock, failFast bool, method, path string) error {
	for {
		ts.mu.Lock()
		pauseUntil, quotaUntil, remaining := ts.pauseUntil, ts.quotaUntil, ts.quotaLeft
		ts.mu.Unlock()

		now := clock.Now()
		until := pauseUntil
		quotaBlocked := now.Before(quotaUntil)
		if quotaBlocked && quotaUntil.After(until) {
			until = quotaUntil
		}
		if !now.Before(until) {
			return nil
		}
		wait := until.Sub(now)
		quotaErr := func(cause error) error {
			return &QuotaError{ResetAt: quotaUntil, Remaining: remaining, Method: method, Path: path, cause: cause}
		}
		if quotaBlocked && (failFast || outlastsContext(ctx, wait)) {
			return quotaErr(nil)
		}
		if !quotaBlocked && outlastsContext(ctx, wait) {
			return fmt.Errorf("toggl: %s %s: 429 back-off of %s outlasts the context: %w", method, path, wait, context.DeadlineExceeded)
		}
		if err := clock.Sleep(ctx, wait); err != nil {
			if quotaBlocked {
				return quotaErr(err)
			}
			return err
		}
	}
}
