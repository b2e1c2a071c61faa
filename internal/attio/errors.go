package attio

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"
)

// Error codes that callers branch on (docs/api/attio.md §6 "Codes seen").
const (
	CodeNotFound                   = "not_found"
	CodeValidationType             = "validation_type"
	CodeValueNotFound              = "value_not_found"
	CodeMissingValue               = "missing_value"
	CodeFilterError                = "filter_error"
	CodeImmutableValue             = "immutable_value"
	CodeMultipleMatchResults       = "multiple_match_results"
	CodeSystemEditUnauthorized     = "system_edit_unauthorized"
	CodeUniquenessConflict         = "uniqueness_conflict"
	CodeMatchingAttributeNotUnique = "matching_attribute_definition_not_unique"
	CodeSlugConflict               = "slug_conflict"
	CodeBillingError               = "billing_error"
	CodeUnauthorized               = "unauthorized"
	CodeRateLimitExceeded          = "rate_limit_exceeded"
)

// APIError is a non-2xx answer from Attio. The body fields follow the error shape of every error
// in the spec: {"status_code","type","code","message"} (+ validation_errors for validation_type).
type APIError struct {
	// Method and Path say which call failed (path without query).
	Method string
	Path   string
	// HTTPStatus is the response's status code; StatusCode is the body's status_code (normally equal).
	HTTPStatus int
	StatusCode int               `json:"status_code"`
	Type       string            `json:"type"` // invalid_request_error | auth_error | rate_limit_error
	Code       string            `json:"code"`
	Message    string            `json:"message"`
	Validation []ValidationIssue `json:"validation_errors,omitempty"`
	// RetryAfter is the parsed Retry-After of a 429 (zero otherwise).
	RetryAfter time.Time `json:"-"`
	// Body holds the raw body when it was not Attio's JSON error shape.
	Body string `json:"-"`
}

// ValidationIssue is one entry of validation_errors (docs/api/attio.md §3 "body validation").
type ValidationIssue struct {
	Code     string `json:"code"`
	Path     []any  `json:"path"`
	Message  string `json:"message"`
	Expected string `json:"expected,omitempty"`
	Received string `json:"received,omitempty"`
}

func (e *APIError) Error() string {
	if e.Code == "" && e.Message == "" {
		return fmt.Sprintf("attio: %s %s: %d: %.200s", e.Method, e.Path, e.HTTPStatus, e.Body)
	}
	return fmt.Sprintf("attio: %s %s: %d %s/%s: %s", e.Method, e.Path, e.HTTPStatus, e.Type, e.Code, e.Message)
}

// AsAPIError unwraps err to an *APIError.
func AsAPIError(err error) (*APIError, bool) {
	var e *APIError
	ok := errors.As(err, &e)
	return e, ok
}

// HasCode reports whether err is an Attio error with the given code.
func HasCode(err error, code string) bool {
	e, ok := AsAPIError(err)
	return ok && e.Code == code
}

// IsNotFound: 404 (object, list, record, entry, attribute or webhook does not exist).
func IsNotFound(err error) bool {
	e, ok := AsAPIError(err)
	return ok && e.HTTPStatus == http.StatusNotFound
}

// IsConflict: 409 slug conflicts and 400 uniqueness conflicts, i.e. "it already exists".
func IsConflict(err error) bool {
	e, ok := AsAPIError(err)
	return ok && (e.HTTPStatus == http.StatusConflict || e.Code == CodeSlugConflict || e.Code == CodeUniquenessConflict)
}

// IsUniquenessConflict: a unique attribute value is already taken by another record (400
// uniqueness_conflict, docs/api/attio.md §3 "Observed in the wild").
func IsUniquenessConflict(err error) bool { return HasCode(err, CodeUniquenessConflict) }

// IsValidation: the request was understood but rejected (400: validation_type, value_not_found,
// missing_value, filter_error, immutable_value, multiple_match_results, …) — except uniqueness
// conflicts, which IsConflict covers.
func IsValidation(err error) bool {
	e, ok := AsAPIError(err)
	return ok && e.HTTPStatus == http.StatusBadRequest && e.Code != CodeUniquenessConflict
}

// IsUnauthorized: 401, a missing, wrong or revoked token.
func IsUnauthorized(err error) bool {
	e, ok := AsAPIError(err)
	return ok && e.HTTPStatus == http.StatusUnauthorized
}

// IsRateLimited: 429 that the client gave up retrying (retry budget or context ran out).
func IsRateLimited(err error) bool {
	e, ok := AsAPIError(err)
	return ok && e.HTTPStatus == http.StatusTooManyRequests
}

// IsRetryable: trying the same call later may succeed — 5xx, 429, and network or deadline
// timeouts. Cancellation (context.Canceled) is not retryable.
func IsRetryable(err error) bool {
	if err == nil {
		return false
	}
	if e, ok := AsAPIError(err); ok {
		return e.HTTPStatus == http.StatusTooManyRequests || e.HTTPStatus >= 500
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
