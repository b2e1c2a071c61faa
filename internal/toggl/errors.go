package toggl

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// APIError is any non-2xx answer that is neither a quota nor a plan 402.
type APIError struct {
	Status int    // HTTP status code
	Body   string // raw response body (truncated to 64 KiB)
	Method string
	Path   string // full URL path, e.g. /api/v9/workspaces/1/projects
	// RetryAt is set on a 429: when the token's pause ends (Toggl's Retry-After, or the
	// client's own back-off when Toggl sends none). Every call on the token waits until then,
	// so a job has no reason to come back sooner.
	RetryAt time.Time
}

func (e *APIError) Error() string {
	return fmt.Sprintf("toggl: %s %s: %d %s: %s", e.Method, e.Path, e.Status,
		http.StatusText(e.Status), e.Message())
}

// Message is the error text of the body. Toggl types error bodies as a JSON string in its
// specs, but whether it sends JSON or plain text is unconfirmed (docs/api/toggl.md §1.2), so both work.
func (e *APIError) Message() string { return bodyMessage(e.Body) }

// QuotaError means the token's hourly quota is exhausted (402 with X-Toggl-Quota-* headers,
// docs/api/toggl.md §5) and the call did not wait for the reset: the client was built with
// FailFastOnQuota, or the caller's context ends before ResetAt. When the context ended while
// waiting, the error also wraps the context's error.
type QuotaError struct {
	ResetAt   time.Time // when the sliding window frees requests again
	Remaining int       // the last X-Toggl-Quota-Remaining seen (0 or negative)
	Method    string
	Path      string
	cause     error
}

func (e *QuotaError) Error() string {
	s := fmt.Sprintf("toggl: %s %s: hourly API quota exhausted (remaining %d) until %s",
		e.Method, e.Path, e.Remaining, e.ResetAt.UTC().Format(time.RFC3339))
	if e.cause != nil {
		s += ": " + e.cause.Error()
	}
	return s
}

func (e *QuotaError) Unwrap() error { return e.cause }

// PlanError is a 402 that is not about the quota: the workspace's plan lacks the feature
// (e.g. Reports' "Workspace needs to have this feature enabled", docs/api/toggl.md §4.5 and §5).
// Waiting does not help.
type PlanError struct {
	Body   string
	Method string
	Path   string
}

func (e *PlanError) Error() string {
	return fmt.Sprintf("toggl: %s %s: 402 feature not in the workspace plan: %s", e.Method, e.Path, e.Message())
}

// Message is the error text of the body (JSON string or plain text).
func (e *PlanError) Message() string { return bodyMessage(e.Body) }

// NetworkError is a transport failure: no HTTP answer was received.
type NetworkError struct {
	Method string
	Path   string
	Err    error
}

func (e *NetworkError) Error() string {
	return fmt.Sprintf("toggl: %s %s: %v", e.Method, e.Path, e.Err)
}

func (e *NetworkError) Unwrap() error { return e.Err }

// IsRetryable reports whether the same call may succeed later: 429, 5xx, 408, an exhausted
// quota, and transient network failures (timeouts, refused or reset connections). Plan
// errors, 4xx and the caller's own context cancellation are not retryable.
func IsRetryable(err error) bool {
	if err == nil {
		return false
	}
	var q *QuotaError
	if errors.As(err, &q) {
		return true
	}
	var a *APIError
	if errors.As(err, &a) {
		return a.Status == http.StatusTooManyRequests || a.Status == http.StatusRequestTimeout || a.Status >= 500
	}
	var n *NetworkError
	if errors.As(err, &n) {
		return transientNetworkError(n.Err)
	}
	return false
}

// IsUnauthorized reports whether Toggl refused the credentials or their access: 401 or 403.
// Which of the two a bad token gets is unconfirmed (docs/api/toggl.md §10 item 1); 403 also means the
// token's user cannot access the workspace. APIError.Status tells them apart.
func IsUnauthorized(err error) bool {
	var a *APIError
	return errors.As(err, &a) && (a.Status == http.StatusUnauthorized || a.Status == http.StatusForbidden)
}

// IsNotFound reports a 404 answer.
func IsNotFound(err error) bool {
	var a *APIError
	return errors.As(err, &a) && a.Status == http.StatusNotFound
}

// transientNetworkError classifies a transport error. *url.Error itself satisfies net.Error,
// so it is unwrapped before asking about timeouts.
func transientNetworkError(err error) bool {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNABORTED) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op)
}

// bodyMessage returns a JSON-string body decoded, anything else trimmed.
func bodyMessage(body string) string {
	var s string
	if json.Unmarshal([]byte(body), &s) == nil {
		return s
	}
	return strings.TrimSpace(body)
}
