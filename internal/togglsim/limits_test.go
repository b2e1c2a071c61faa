package togglsim

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func limited(c *Config) { c.DisableLimits = false }

func TestLeakyBucket429(t *testing.T) {
	e := newEnv(t, limited)
	path := "/api/v9/workspaces/7435584/clients"
	// Burst 2 at one instant, then 429 with the documented status.
	want(t, e.call(ada, "GET", path, nil), http.StatusOK)
	want(t, e.call(ada, "GET", path, nil), http.StatusOK)
	r := e.call(ada, "GET", path, nil)
	wantErr(t, r, http.StatusTooManyRequests, "Too Many Requests")
	if r.header.Get("Retry-After") != "" {
		t.Fatal("Retry-After sent although UNCONFIRMED and off")
	}
	// Per token: Ben has his own bucket.
	want(t, e.call(ben, "GET", path, nil), http.StatusOK)
	// The bucket drains at 1 request per second.
	e.clock.Advance(time.Second)
	want(t, e.call(ada, "GET", path, nil), http.StatusOK)
	want(t, e.call(ada, "GET", path, nil), http.StatusTooManyRequests)
	// Paced at 1/s a client never trips.
	for range 5 {
		e.clock.Advance(time.Second)
		want(t, e.call(ada, "GET", path, nil), http.StatusOK)
	}
}

func TestLeakyBucketScaledAndRetryAfter(t *testing.T) {
	e := newEnv(t, limited, func(c *Config) {
		c.RateLimit = RateLimit{PerSecond: 10, Burst: 1, RetryAfter: true}
	})
	want(t, e.call(ada, "GET", "/api/v9/me", nil), http.StatusOK)
	r := e.call(ada, "GET", "/api/v9/me", nil)
	want(t, r, http.StatusTooManyRequests)
	if r.header.Get("Retry-After") != "1" {
		t.Fatalf("Retry-After %q", r.header.Get("Retry-After"))
	}
	e.clock.Advance(100 * time.Millisecond)
	want(t, e.call(ada, "GET", "/api/v9/me", nil), http.StatusOK)
}

func TestHourlyQuota402(t *testing.T) {
	e := newEnv(t, limited, func(c *Config) {
		c.RateLimit.PerSecond, c.RateLimit.Burst = 1000, 1000
		c.PlanLimits = map[Plan]PlanLimits{PlanPremium: {MaxWebhooks: 3, MaxEventFilters: 12, HourlyQuota: 3}}
	})
	path := "/api/v9/workspaces/7435584/projects"
	for i := 2; i >= 0; i-- {
		r := e.call(ada, "GET", path, nil)
		want(t, r, http.StatusOK)
		if r.header.Get("X-Toggl-Quota-Remaining") != strconv.Itoa(i) || r.header.Get("X-Toggl-Quota-Resets-In") != "3600" {
			t.Fatalf("quota headers %q %q", r.header.Get("X-Toggl-Quota-Remaining"), r.header.Get("X-Toggl-Quota-Resets-In"))
		}
	}
	e.clock.Advance(10 * time.Minute)
	r := e.call(ada, "POST", searchPath, map[string]any{"start_date": "2025-03-05"}) // Reports share the org quota
	wantErr(t, r, http.StatusPaymentRequired, "Quota exceeded")
	if r.header.Get("X-Toggl-Quota-Remaining") != "0" || r.header.Get("X-Toggl-Quota-Resets-In") != "3000" {
		t.Fatalf("402 headers %v", r.header)
	}
	want(t, e.call(ada, "GET", subsPath, nil), http.StatusPaymentRequired) // and the Webhooks API by default
	// Per user: Ben still has his quota; user-specific requests have their own.
	want(t, e.call(ben, "GET", path, nil), http.StatusOK)
	want(t, e.call(ada, "GET", "/api/v9/me", nil), http.StatusOK)
	// The window ends an hour after its first request.
	e.clock.Advance(50 * time.Minute)
	r = e.call(ada, "GET", path, nil)
	want(t, r, http.StatusOK)
	if r.header.Get("X-Toggl-Quota-Remaining") != "2" {
		t.Fatalf("after the window: remaining %q", r.header.Get("X-Toggl-Quota-Remaining"))
	}
}

func TestUserQuotaAndExemptions(t *testing.T) {
	e := newEnv(t, limited, func(c *Config) {
		c.RateLimit.PerSecond, c.RateLimit.Burst = 1000, 1000
		c.Quota = Quota{UserRequests: 2, Window: time.Minute, WebhooksExempt: true}
	})
	want(t, e.call(ada, "GET", "/api/v9/me", nil), http.StatusOK)
	r := e.call(ada, "GET", "/api/v9/me/time_entries", nil)
	want(t, r, http.StatusOK)
	if r.header.Get("X-Toggl-Quota-Resets-In") != "60" {
		t.Fatalf("scaled window: %q", r.header.Get("X-Toggl-Quota-Resets-In"))
	}
	want(t, e.call(ada, "GET", "/api/v9/me/workspaces", nil), http.StatusPaymentRequired)
	// /me/quota itself is free; the Webhooks API is exempt by configuration.
	want(t, e.call(ada, "GET", "/api/v9/me/quota", nil), http.StatusOK)
	r = e.call(ada, "GET", subsPath, nil)
	want(t, r, http.StatusOK)
	if r.header.Get("X-Toggl-Quota-Remaining") != "" {
		t.Fatal("exempt request got quota headers")
	}
	e.clock.Advance(time.Minute)
	want(t, e.call(ada, "GET", "/api/v9/me/workspaces", nil), http.StatusOK)
}

func TestLimitsSwitch(t *testing.T) {
	e := newEnv(t, limited, func(c *Config) { c.Quota.UserRequests = 1 })
	want(t, e.call(ada, "GET", "/api/v9/me", nil), http.StatusOK)
	want(t, e.call(ada, "GET", "/api/v9/me", nil), http.StatusPaymentRequired)
	want(t, e.call(ada, "GET", "/api/v9/me", nil), http.StatusTooManyRequests)
	e.sim.SetLimitsEnabled(false)
	for range 5 {
		r := e.call(ada, "GET", "/api/v9/me", nil)
		want(t, r, http.StatusOK)
		if r.header.Get("X-Toggl-Quota-Remaining") != "" {
			t.Fatal("quota headers with limits off")
		}
	}
	e.sim.SetLimitsEnabled(true)
	e.clock.Advance(time.Second)
	want(t, e.call(ada, "GET", "/api/v9/me", nil), http.StatusPaymentRequired)
	e.sim.ResetLimits()
	want(t, e.call(ada, "GET", "/api/v9/me", nil), http.StatusOK)
	// In-process calls bypass limits.
	if status, _, _ := e.sim.Call(SeedAdaToken, "GET", "/api/v9/me", nil); status != http.StatusOK {
		t.Fatalf("Call got %d", status)
	}
}
