package togglsim

import (
	"math"
	"net/http"
	"strconv"
	"time"
)

// bucket is one leaky bucket: level drains at RateLimit.PerSecond, each request adds 1.
type bucket struct {
	level float64
	last  time.Time
}

// quotaWindow counts requests in one quota window. docs/api/toggl.md §5: "The count begins when the
// initial request is made and remains valid for 60 minutes."
type quotaWindow struct {
	start time.Time
	used  int
}

// quotaKey identifies a quota: per user per organization; org 0 is the user-specific quota.
type quotaKey struct{ uid, org int64 }

type limitState struct {
	disabled bool
	buckets  map[string]*bucket
	quotas   map[quotaKey]*quotaWindow
}

// allowRate applies the leaky bucket to one identity (token or email) from one IP
// (docs/api/toggl.md §5: "Limiting is applied per api token per IP"). It returns how long until a
// request would fit when it refuses.
func (s *Sim) allowRate(key string) (bool, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	b := s.lim.buckets[key]
	if b == nil {
		b = &bucket{last: now}
		s.lim.buckets[key] = b
	}
	rate := s.cfg.RateLimit.PerSecond
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.level = math.Max(0, b.level-elapsed*rate)
	}
	b.last = now
	if b.level+1 > s.cfg.RateLimit.Burst {
		over := b.level + 1 - s.cfg.RateLimit.Burst
		return false, time.Duration(over / rate * float64(time.Second))
	}
	b.level++
	return true, 0
}

// window returns the live quota window of a key, starting a new one when the old one ended.
// Caller holds Sim.mu.
func (s *Sim) window(k quotaKey, now time.Time) *quotaWindow {
	w := s.lim.quotas[k]
	if w == nil || !now.Before(w.start.Add(s.cfg.Quota.Window)) {
		w = &quotaWindow{start: now}
		s.lim.quotas[k] = w
	}
	return w
}

// takeQuota counts one request against a quota of total requests. It refuses once the
// window's quota is used up (docs/api/toggl.md §5: "Over the limit the server answers HTTP 402").
func (s *Sim) takeQuota(k quotaKey, total int) (ok bool, remaining int, resetsIn time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	w := s.window(k, now)
	resetsIn = w.start.Add(s.cfg.Quota.Window).Sub(now)
	if w.used >= total {
		return false, 0, resetsIn
	}
	w.used++
	return true, total - w.used, resetsIn
}

// peekQuota reports a quota without counting. Caller holds Sim.mu.
func (s *Sim) peekQuota(k quotaKey, total int, now time.Time) (remaining int, resetsIn time.Duration) {
	w := s.lim.quotas[k]
	if w == nil || !now.Before(w.start.Add(s.cfg.Quota.Window)) {
		return total, s.cfg.Quota.Window
	}
	return total - w.used, w.start.Add(s.cfg.Quota.Window).Sub(now)
}

// setQuotaHeaders writes the quota headers. docs/api/toggl.md §5 and §10.8: "`X-Toggl-Quota-Remaining`/
// `-Resets-In` on every response" (seconds; names 3P-confirmed).
func setQuotaHeaders(w http.ResponseWriter, remaining int, resetsIn time.Duration) {
	w.Header().Set("X-Toggl-Quota-Remaining", strconv.Itoa(remaining))
	w.Header().Set("X-Toggl-Quota-Resets-In", strconv.Itoa(ceilSeconds(resetsIn)))
}

func ceilSeconds(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int((d + time.Second - 1) / time.Second)
}

// orgQuota is the hourly quota of an organization for the plan of workspace w.
func (s *Sim) orgQuota(w *Workspace) int {
	return s.cfg.PlanLimits[w.Plan].HourlyQuota
}

// SetLimitsEnabled turns the rate limit and the quota on or off at run time (for seeding a
// demo through the API, then going strict).
func (s *Sim) SetLimitsEnabled(on bool) {
	s.mu.Lock()
	s.lim.disabled = !on
	s.mu.Unlock()
}

// ResetLimits empties every leaky bucket and quota window.
func (s *Sim) ResetLimits() {
	s.mu.Lock()
	s.lim.buckets = map[string]*bucket{}
	s.lim.quotas = map[quotaKey]*quotaWindow{}
	s.mu.Unlock()
}

func (s *Sim) limitsOn() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.lim.disabled
}
