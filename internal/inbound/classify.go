package inbound

import (
	"context"
	"errors"
	"net"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/worker"
)

// classify tells the worker whether trying again can help: Attio 5xx, 429 and network
// timeouts are transient; validation and not-found errors are permanent.
func classify(err error) error {
	if err == nil || worker.Classify(err) != worker.Permanent {
		return err
	}
	var quota *toggl.QuotaError
	if errors.As(err, &quota) {
		return worker.Wait(quota.ResetAt, "Toggl API quota exhausted", err)
	}
	if toggl.IsRetryable(err) {
		return worker.Retry(err)
	}
	if attio.IsRateLimited(err) {
		if ae, ok := attio.AsAPIError(err); ok && !ae.RetryAfter.IsZero() {
			return worker.Wait(ae.RetryAfter, "Attio rate limit", err)
		}
		return worker.Retry(err)
	}
	var ne net.Error
	if attio.IsRetryable(err) || errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return worker.Retry(err)
	}
	return err
}
