package resync

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"toggl-attio-sync/internal/clock"
	"toggl-attio-sync/internal/toggl"
)

// A Toggl 429 the client stopped retrying is waited out until the end of the token's pause
// and costs no attempt, as in the job queue (package failure); a 5xx spends attempts.
func TestTogglCallWaitsOutRateLimits(t *testing.T) {
	t0 := time.Unix(1_800_000_000, 0)
	clk := clock.NewManual(t0)
	tc, err := toggl.New(toggl.Options{APIToken: "t", Registry: toggl.NewRegistry(0, 1), Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	r := &runner{s: &Service{Clock: clk, MaxAttempts: 2}, tc: tc}
	var calls int
	rateLimited := func(n int) func(context.Context) error {
		return func(context.Context) error {
			calls++
			if calls <= n {
				return &toggl.APIError{Status: http.StatusTooManyRequests, RetryAt: clk.Now().Add(30 * time.Second)}
			}
			return nil
		}
	}
	if err := r.togglCall(context.Background(), "page", rateLimited(5)); err != nil {
		t.Fatalf("five 429s with two attempts allowed: %v", err)
	}
	if calls != 6 || !clk.Now().Equal(t0.Add(5*30*time.Second)) {
		t.Fatalf("%d calls, clock moved %v; want 6 calls, each 429 waited out for 30 s", calls, clk.Now().Sub(t0))
	}

	calls = 0
	err = r.togglCall(context.Background(), "page", func(context.Context) error {
		calls++
		return &toggl.APIError{Status: http.StatusBadGateway}
	})
	var apiErr *toggl.APIError
	if !errors.As(err, &apiErr) || calls != 2 {
		t.Fatalf("a 502 every time: %v after %d calls, want the error after 2", err, calls)
	}
}
