package attio

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// fallbackRetryWait is used when a 429 carries no usable Retry-After. Attio says the header is
// always present and "usually the following second" (docs/api/attio.md §6), so one second matches.
const fallbackRetryWait = time.Second

// retryDelay reads a 429's Retry-After. Attio sends an HTTP date (docs/api/attio.md §6: "Retry-After:
// Tue, 23 May 2023 14:42:01 GMT"); a number of seconds is tolerated too (RFC 9110 allows both).
//
// A date is measured against the local clock when the response's Date header agrees with it
// (Date is whole seconds, so now must fall within the second it names); that keeps sub-second
// precision. When the clocks disagree, it is measured against Date instead, so a skewed local
// clock cannot turn "retry in a second" into "retry now" or "retry in an hour". It returns the
// wait, capped at max, and the absolute retry time on the local clock.
func retryDelay(h http.Header, now time.Time, max time.Duration) (time.Duration, time.Time) {
	d := parseRetryAfter(h, now)
	if d < 0 {
		d = 0
	}
	if max > 0 && d > max {
		d = max
	}
	return d, now.Add(d)
}

func parseRetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return fallbackRetryWait
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs >= 0 && secs < 1e6 { // also rejects NaN
			return time.Duration(secs * float64(time.Second))
		}
		return fallbackRetryWait
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return fallbackRetryWait
	}
	ref := now
	if d, err := http.ParseTime(h.Get("Date")); err == nil && (now.Before(d) || !now.Before(d.Add(time.Second))) {
		ref = d // clocks disagree: trust the server's own
	}
	return at.Sub(ref)
}
