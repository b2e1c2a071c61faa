package attiosim

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// limiter counts requests in one-second windows per key and kind (docs/api/attio.md §6 "100 requests per
// second for read requests, 25 requests per second for write requests").
type limiter struct {
	mu     sync.Mutex
	second int64
	counts map[string]int
}

func newLimiter() *limiter { return &limiter{counts: map[string]int{}} }

// admit counts one request of key in the second containing now, unless max is reached.
func (l *limiter) admit(key string, now time.Time, max int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if sec := now.Unix(); sec != l.second {
		l.second, l.counts = sec, map[string]int{}
	}
	if max >= 0 && l.counts[key] >= max {
		return false
	}
	l.counts[key]++
	return true
}

// isWrite classifies a request for the limiter: everything but GET writes, except record and
// entry queries, which count as reads unless Limits.QueryIsWrite (docs/api/attio.md §6 "Whether POST
// …/query counts as read: UNCONFIRMED (api-evangelist says yes)").
func isWrite(r *http.Request, lim Limits) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/query") {
		return lim.QueryIsWrite
	}
	return true
}

// rateLimited answers 429 when the token's budget for this second is spent (docs/api/attio.md §6: 429,
// "Retry-After: Tue, 23 May 2023 14:42:01 GMT", body {"status_code":429,"type":"rate_limit_error",
// "code":"rate_limit_exceeded","message":"Rate limit exceeded, please try again later"}).
func (s *Sim) rateLimited(w http.ResponseWriter, r *http.Request, t *token) bool {
	lim := s.currentLimits()
	now := s.clock.Now()
	write := isWrite(r, lim)
	key, max := "read:", budget(lim.ReadsPerSecond, defaultReadsPerSecond, lim.Scale)
	if write {
		key, max = "write:", budget(lim.WritesPerSecond, defaultWritesPerSecond, lim.Scale)
	}
	if !lim.PerWorkspace {
		key += t.value
	}
	if s.limiter.admit(key, now, max) {
		s.stats.admitted(write, now)
		return false
	}
	s.stats.rateLimited()
	writeRateLimit(w, now, s.cfg.Compat.RateLimitBodyRetryAfter)
	return true
}

// writeRateLimit writes the documented 429. Retry-After is an HTTP date, "usually the following
// second" (docs/api/attio.md §6): the start of the next one-second window.
func writeRateLimit(w http.ResponseWriter, now time.Time, bodyRetryAfter bool) {
	retry := now.Truncate(time.Second).Add(time.Second).UTC().Format(http.TimeFormat)
	w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
	w.Header().Set("Retry-After", retry)
	body := map[string]any{
		"status_code": http.StatusTooManyRequests,
		"type":        "rate_limit_error",
		"code":        "rate_limit_exceeded",
		"message":     "Rate limit exceeded, please try again later",
	}
	if bodyRetryAfter {
		body["retry_after"] = retry
	}
	writeJSON(w, http.StatusTooManyRequests, body)
}

func (s *Sim) currentLimits() Limits {
	s.ctl.Lock()
	defer s.ctl.Unlock()
	return s.limits
}

// SetLimits replaces the rate limits at run time (e.g. a benchmark lifting them).
func (s *Sim) SetLimits(l Limits) {
	s.ctl.Lock()
	s.limits = l
	s.ctl.Unlock()
}
