// Package worker drains the durable inbox: it leases jobs, hands each to the handler of its
// source, and records the outcome: done, skipped, retried with exponential backoff and
// jitter, waiting (quota, rate limit: never counted as a failure), or dead letter.
package worker

import (
	"errors"
	"fmt"
	"time"
)

// retryError marks a transient failure (5xx, 429, timeout): try again with backoff.
type retryError struct{ err error }

func (e *retryError) Error() string { return e.err.Error() }
func (e *retryError) Unwrap() error { return e.err }

// Retry wraps a transient error.
func Retry(err error) error { return &retryError{err: err} }

// WaitError asks for the job to resume at Until without spending an attempt: a quota that
// resets, a rate limit with a known end.
type WaitError struct {
	Until  time.Time
	Reason string
	Err    error
}

func (e *WaitError) Error() string {
	return fmt.Sprintf("waiting until %s: %s", e.Until.UTC().Format(time.RFC3339), e.Reason)
}
func (e *WaitError) Unwrap() error { return e.Err }

// Wait builds a WaitError.
func Wait(until time.Time, reason string, err error) error {
	return &WaitError{Until: until, Reason: reason, Err: err}
}

// skipError ends a job without effect: stale, unroutable by design, nothing to do.
type skipError struct{ reason string }

func (e *skipError) Error() string { return e.reason }

// Skip ends the job as skipped with reason.
func Skip(reason string) error { return &skipError{reason: reason} }

// Kind of outcome for a handler's error.
type Kind int

// Outcome kinds.
const (
	Done Kind = iota
	Skipped
	Retrying
	Waiting
	Permanent
)

// Classify maps a handler's error to what the pool does. Any unmarked error is permanent:
// a handler must say when trying again can help.
func Classify(err error) Kind {
	var re *retryError
	var we *WaitError
	var se *skipError
	switch {
	case err == nil:
		return Done
	case errors.As(err, &se):
		return Skipped
	case errors.As(err, &we):
		return Waiting
	case errors.As(err, &re):
		return Retrying
	}
	return Permanent
}
