// Package failure decides what a failed Toggl or Attio call means for the work that made it.
// It is the one policy for inbound jobs (Toggl → Attio), outbound jobs (Attio → Toggl) and
// resync runs, so a 429 cannot mean "wait" on one side and "spend an attempt" on the other:
//
//   - Toggl's hourly quota and a 429 from either service wait until the time the service named
//     (the quota reset, Retry-After, or the pause the client set when none was named). The
//     request was refused, not failed: no attempt is spent, and a job never becomes a dead
//     letter because of it (docs/api/toggl.md §5, docs/api/attio.md §6).
//   - 5xx, 408, timeouts and calls that got no answer at all retry with back-off, spending an
//     attempt. A create whose answer was lost is found again by the pending-create recovery.
//   - Anything else cannot succeed by trying again (validation, not found, plan 402, refused
//     credentials): permanent.
//
// The verdict is expressed with the worker's markers (worker.Wait, worker.Retry; an unmarked
// error is permanent), which the job queue and resync both read with worker.Classify. This
// package sits above the clients and the worker so that neither has to know the other.
package failure

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/worker"
)

// Reasons shown with a waiting job.
const (
	TogglQuotaReason     = "Toggl hourly API quota exhausted; resumes at the reset"
	TogglRateLimitReason = "Toggl rate limit (429)"
	AttioRateLimitReason = "Attio rate limit (429)"
)

// RateLimitFallback is the wait after a 429 whose error names no time. Both clients always
// name one (toggl.APIError.RetryAt, attio.APIError.RetryAfter); this covers any other source.
const RateLimitFallback = 10 * time.Second

// Classify marks err with what happens next: worker.Wait until the time the service named,
// worker.Retry, or err unmarked (permanent). An error already marked (a wait, retry or skip
// the caller chose) is returned as is; so is nil. now is the caller's clock, used only for a
// 429 without a time.
func Classify(err error, now time.Time) error {
	if err == nil || worker.Classify(err) != worker.Permanent {
		return err
	}
	if until, reason, ok := waitUntil(err, now); ok {
		return worker.Wait(until, reason, err)
	}
	if transient(err) {
		return worker.Retry(err)
	}
	return err
}

// waitUntil reports whether err is a refusal to wait out, and until when.
func waitUntil(err error, now time.Time) (time.Time, string, bool) {
	var quota *toggl.QuotaError
	if errors.As(err, &quota) {
		return quota.ResetAt, TogglQuotaReason, true
	}
	var tapi *toggl.APIError
	if errors.As(err, &tapi) && tapi.Status == http.StatusTooManyRequests {
		return orFallback(tapi.RetryAt, now), TogglRateLimitReason, true
	}
	if ae, ok := attio.AsAPIError(err); ok && ae.HTTPStatus == http.StatusTooManyRequests {
		return orFallback(ae.RetryAfter, now), AttioRateLimitReason, true
	}
	return time.Time{}, "", false
}

func orFallback(at, now time.Time) time.Time {
	if at.IsZero() {
		return now.Add(RateLimitFallback)
	}
	return at
}

// transient reports whether the same call may succeed later: the service failed (5xx, 408),
// or no answer arrived (refused, reset or cut-off connection, timeout).
func transient(err error) bool {
	if toggl.IsRetryable(err) || attio.IsRetryable(err) {
		return true
	}
	var ue *url.Error // the HTTP client's wrapper of every transport failure
	var ne net.Error
	return errors.As(err, &ue) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}
