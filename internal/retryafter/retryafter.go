// Package retryafter reads the Retry-After header of a refused request (RFC 9110 §10.2.3) for both
// API clients. Attio always sends one, as an HTTP date (docs/api/attio.md §6); Toggl sending one is
// unconfirmed (docs/api/toggl.md §5). Attio's 429 body may carry a retry_after field too
// (UNCONFIRMED, docs/api/attio.md §6); the client does not read it, since the header is documented
// as always present.
package retryafter

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxSeconds bounds a number of seconds: anything above (11.5 days) is not a wait a service
// means, and the bound keeps the conversion to a Duration from overflowing.
const maxSeconds = 1e6

// Parse returns how long to wait before sending the request again: the header's number of
// seconds, or its HTTP date minus now; a date in the past is a wait of 0. ok is false when the
// header is absent or unreadable (garbage, negative, absurdly large), so the caller falls back
// to its own wait.
//
// A date is measured against now when the response's Date header agrees with it (Date is whole
// seconds, so now must fall within the second it names); that keeps sub-second precision. When
// the clocks disagree, it is measured against Date instead, so a skewed local clock cannot turn
// "retry in a second" into "retry now" or "retry in an hour".
func Parse(h http.Header, now time.Time) (wait time.Duration, ok bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	// RFC 9110 allows only whole seconds; fractions are tolerated, being unambiguous.
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if math.IsNaN(secs) || secs < 0 || secs >= maxSeconds {
			return 0, false
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	ref := now
	if d, err := http.ParseTime(h.Get("Date")); err == nil && (now.Before(d) || !now.Before(d.Add(time.Second))) {
		ref = d // clocks disagree: trust the server's own
	}
	return max(at.Sub(ref), 0), true
}
