package toggl

import (
	"net/http"
	"testing"
	"time"
)

func TestBackoffGrowsWithJitterAndCap(t *testing.T) {
	for _, tc := range []struct {
		attempt int
		random  float64
		want    time.Duration
	}{
		{0, 0, 500 * time.Millisecond},
		{0, 0.5, 750 * time.Millisecond},
		{3, 0, 4 * time.Second},
		{20, 0, 30 * time.Second}, // capped at 1 min, then jittered into [30 s, 60 s)
	} {
		got := backoff(tc.attempt, time.Second, time.Minute, func() float64 { return tc.random })
		if got.Round(time.Microsecond) != tc.want {
			t.Errorf("attempt %d random %v: %v, want %v", tc.attempt, tc.random, got, tc.want)
		}
	}
}

func TestRetryAfterForms(t *testing.T) {
	now := time.Date(2025, 9, 10, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"12":                            12 * time.Second,
		"Wed, 10 Sep 2025 12:01:00 GMT": time.Minute,
		"Wed, 10 Sep 2025 11:00:00 GMT": 0,
	} {
		got, ok := retryAfter(http.Header{"Retry-After": {v}}, now)
		if !ok || got != want {
			t.Errorf("%q: %v %v", v, got, ok)
		}
	}
	for _, v := range []string{"", "soon", "-4"} {
		if _, ok := retryAfter(http.Header{"Retry-After": {v}}, now); ok {
			t.Errorf("%q accepted", v)
		}
	}
}
