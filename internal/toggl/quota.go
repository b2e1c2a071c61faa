package toggl

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Quota headers, named by several third-party clients (docs/api/toggl.md §5; first-party text not
// retrieved). Resets-In is in seconds.
const (
	headerQuotaRemaining = "X-Toggl-Quota-Remaining"
	headerQuotaResetsIn  = "X-Toggl-Quota-Resets-In"
)

// QuotaStatus is the last hourly-quota reading for a token, for the console.
type QuotaStatus struct {
	Known        bool      // false until an answer carried the quota headers
	Remaining    int       // X-Toggl-Quota-Remaining; may be negative while not enforced (docs/api/toggl.md §5)
	ResetAt      time.Time // ObservedAt + X-Toggl-Quota-Resets-In
	ObservedAt   time.Time // when the answer arrived (client clock)
	BlockedUntil time.Time // calls for this token wait until then after a quota 402; zero if never blocked
}

// Blocked reports whether calls for the token are held back at now.
func (q QuotaStatus) Blocked(now time.Time) bool { return now.Before(q.BlockedUntil) }

// parseQuota reads the quota headers; ok is false when Remaining is absent or unreadable.
func parseQuota(h http.Header, now time.Time) (q QuotaStatus, ok bool) {
	remaining, ok := parseNumberHeader(h.Get(headerQuotaRemaining))
	if !ok {
		return QuotaStatus{}, false
	}
	q = QuotaStatus{Known: true, Remaining: int(remaining), ObservedAt: now}
	if secs, ok := parseNumberHeader(h.Get(headerQuotaResetsIn)); ok && secs >= 0 {
		q.ResetAt = now.Add(time.Duration(secs * float64(time.Second)))
	}
	return q, true
}

// parseNumberHeader accepts an integer or decimal header value; the exact form is unconfirmed.
func parseNumberHeader(v string) (float64, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// isQuota402 tells a quota 402 from a plan 402 (docs/api/toggl.md §5: "Over the limit the server
// answers HTTP 402"; "Other 402s in v9 mean a feature is not in the plan"). Quota headers
// may come on every answer, so their presence alone proves nothing: it is the quota only
// when they say nothing remains. A plan 402 that happens to use the last request of the
// window also reads "remaining 0", so the documented plan messages win over the headers.
func isQuota402(q QuotaStatus, hasQuota bool, body []byte) bool {
	return hasQuota && q.Remaining <= 0 && !isPlanMessage(bodyMessage(string(body)))
}

// planMessages are the documented "feature not in plan" 402 texts (docs/api/toggl.md §5, §4.5):
// "Workspace needs to have this feature enabled", "user plan does not allow multiple
// integrations with the same provider".
var planMessages = []string{"feature enabled", "plan does not allow"}

func isPlanMessage(msg string) bool {
	msg = strings.ToLower(msg)
	for _, m := range planMessages {
		if strings.Contains(msg, m) {
			return true
		}
	}
	return false
}
