package toggl

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// backoff is the delay before retry number attempt (0-based): exponential from base, capped
// at max, with jitter in [d/2, d) so that goroutines that failed together do not return
// together. random returns a value in [0, 1).
func backoff(attempt int, base, max time.Duration, random func() float64) time.Duration {
	d := base
	for i := 0; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	half := d / 2
	return half + time.Duration(random()*float64(d-half))
}

// retryAfter reads a Retry-After header (seconds or an HTTP date). Toggl sending it is
// unconfirmed (docs/api/toggl.md §5), so its absence is normal.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d, true
		}
		return 0, true
	}
	return 0, false
}
