package attio

import (
	"net/http"
	"time"

	"toggl-attio-sync/internal/retryafter"
)

// fallbackRetryWait is used when a 429 carries no usable Retry-After. Attio says the header is
// always present and "usually the following second" (docs/api/attio.md §6), so one second matches.
const fallbackRetryWait = time.Second

// retryDelay reads a 429's Retry-After. Attio sends an HTTP date (docs/api/attio.md §6:
// "Retry-After: Tue, 23 May 2023 14:42:01 GMT"); a number of seconds is tolerated too (RFC 9110
// allows both), and a date is measured against the response's Date when the clocks disagree
// (see retryafter.Parse). It returns the wait, capped at max, and the absolute retry time on
// the local clock.
func retryDelay(h http.Header, now time.Time, max time.Duration) (time.Duration, time.Time) {
	d, ok := retryafter.Parse(h, now)
	if !ok {
		d = fallbackRetryWait
	}
	if max > 0 && d > max {
		d = max
	}
	return d, now.Add(d)
}
