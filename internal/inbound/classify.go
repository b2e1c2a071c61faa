package inbound

import (
	"context"
	"errors"
	"io"
	"net"
	"net/url"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/worker"
)

// classify tells the worker whether trying again can help: Attio 5xx, 429, network failures
// and timeouts are transient; validation and not-found errors are permanent.
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
	var ue *url.Error // no HTTP answer at all (refused, reset, cut off): safe to try again, a
	// create whose answer was lost is found by the pending-create recovery
	if attio.IsRetryable(err) || errors.As(err, &ue) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return worker.Retry(err)
	}
	return err
}
