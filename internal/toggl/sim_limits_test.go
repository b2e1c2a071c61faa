package toggl_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

// Without client-side pacing the emulator's leaky bucket answers 429; the client backs off
// and every call still succeeds.
func simRateLimit(t *testing.T) {
	for _, retryAfter := range []bool{false, true} {
		env := newSimEnv(t, togglsim.Config{RateLimit: togglsim.RateLimit{RetryAfter: retryAfter}})
		c := env.client(t, toggl.Options{Registry: toggl.NewRegistry(0, 1)})
		for i := range 6 {
			if _, err := c.GetProject(context.Background(), wid, env.info.Projects[i%5].ID); err != nil {
				t.Fatalf("Retry-After %v, call %d: %v", retryAfter, i, err)
			}
		}
		if env.count(429) == 0 {
			t.Errorf("Retry-After %v: the emulator never answered 429, so the back-off was not exercised", retryAfter)
		}
		// Paced at 1 request/second, the same calls never meet a 429.
		paced := newSimEnv(t, togglsim.Config{RateLimit: togglsim.RateLimit{RetryAfter: retryAfter}})
		pc := paced.client(t, toggl.Options{})
		for i := range 6 {
			if _, err := pc.GetProject(context.Background(), wid, paced.info.Projects[i%5].ID); err != nil {
				t.Fatal(err)
			}
		}
		if n := paced.count(429); n != 0 {
			t.Errorf("paced client met %d 429s", n)
		}
	}
}

// A small quota: the third /me call meets a quota 402, waits until the window resets and then
// succeeds.
func simQuotaWait(t *testing.T) {
	env := newSimEnv(t, togglsim.Config{Quota: togglsim.Quota{UserRequests: 2, Window: 10 * time.Minute}})
	c := env.client(t, toggl.Options{})
	start := env.clock.Now()
	for range 3 {
		if _, err := c.Me(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if env.count(402) != 1 {
		t.Errorf("%d quota 402s, want 1", env.count(402))
	}
	if elapsed := env.clock.Now().Sub(start); elapsed < 10*time.Minute {
		t.Errorf("resent after %v of emulator time, before the 10 min window reset", elapsed)
	}
	if q := c.Quota(); !q.Known || q.BlockedUntil.IsZero() || q.Blocked(env.clock.Now()) {
		t.Errorf("quota %+v", q)
	}
}

func simQuotaFailFast(t *testing.T) {
	env := newSimEnv(t, togglsim.Config{Quota: togglsim.Quota{UserRequests: 1, Window: 30 * time.Minute}})
	c := env.client(t, toggl.Options{FailFastOnQuota: true})
	ctx := context.Background()
	if _, err := c.Me(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := c.Me(ctx)
	var qe *toggl.QuotaError
	if !errors.As(err, &qe) || !toggl.IsRetryable(err) {
		t.Fatalf("err %v", err)
	}
	if d := qe.ResetAt.Sub(env.clock.Now()); d <= 0 || d > 30*time.Minute {
		t.Errorf("reset in %v", d)
	}
	// Workspace requests count against another bucket (docs/api/toggl.md §5) but the client blocks the
	// whole token: it cannot know which bucket the next call uses.
	if _, err := c.GetProject(ctx, wid, env.info.Projects[0].ID); !errors.As(err, &qe) {
		t.Errorf("blocked token sent: %v", err)
	}
	if env.count(402) != 1 {
		t.Errorf("%d 402s", env.count(402))
	}
}

func simBadToken(t *testing.T) {
	env := newSimEnv(t, togglsim.Config{})
	c := env.client(t, toggl.Options{APIToken: "not-a-token"})
	if _, err := c.Me(context.Background()); !toggl.IsUnauthorized(err) || toggl.IsRetryable(err) {
		t.Errorf("bad token: %v", err)
	}
	// A real member's token reaches only its own workspaces.
	other := env.client(t, toggl.Options{APIToken: togglsim.SeedBenToken})
	if ws, err := other.Workspaces(context.Background()); err != nil || len(ws) != 1 || ws[0].Admin {
		t.Errorf("member token: %+v %v", ws, err)
	}
	if _, err := other.GetProject(context.Background(), 12345, 1); !toggl.IsUnauthorized(err) {
		t.Errorf("foreign workspace: %v", err)
	}
}
