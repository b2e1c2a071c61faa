package outbound

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/worker"
)

// errLockLost means the Company lock expired under us (a stalled process): stop and retry.
var errLockLost = errors.New("the Company lock expired while this job held it")

// classify tells the worker what happens next. Toggl's hourly quota (402) and a 429 that the
// client stopped retrying wait in the queue until the reset, refunding the attempt, so they
// never turn into dead letters (docs/api/toggl.md §5); Attio's 429 waits for its Retry-After; 5xx,
// timeouts and network failures retry with backoff; the rest (validation, 404 of an object
// that must exist, plan 402) is permanent.
func classify(err error, now time.Time, rateLimitWait time.Duration) error {
	if err == nil || worker.Classify(err) != worker.Permanent {
		return err
	}
	var quota *toggl.QuotaError
	if errors.As(err, &quota) {
		return worker.Wait(quota.ResetAt, "Toggl hourly API quota exhausted; resumes at the reset", err)
	}
	var tapi *toggl.APIError
	if errors.As(err, &tapi) && tapi.Status == http.StatusTooManyRequests {
		return worker.Wait(now.Add(rateLimitWait), "Toggl rate limit (429)", err)
	}
	if attio.IsRateLimited(err) {
		until := now.Add(rateLimitWait)
		if ae, ok := attio.AsAPIError(err); ok && !ae.RetryAfter.IsZero() {
			until = ae.RetryAfter
		}
		return worker.Wait(until, "Attio rate limit (429)", err)
	}
	var ne net.Error
	var ue *url.Error // no HTTP answer at all (refused, reset, cut): the request may be sent again
	if toggl.IsRetryable(err) || attio.IsRetryable(err) || errors.Is(err, errLockLost) || errors.As(err, &ue) ||
		errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return worker.Retry(err)
	}
	return err
}

// conflict is a state a person must resolve (two Companies with one name, a Toggl name taken
// by another client's project): permanent, with a message that says what to change.
func conflict(format string, args ...any) error {
	return fmt.Errorf("conflict: "+format, args...)
}
