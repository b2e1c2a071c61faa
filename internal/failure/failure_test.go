package failure

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/worker"
)

func TestClassify(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	reset := now.Add(42 * time.Minute)
	told := now.Add(3 * time.Second)
	refusedAttio, refusedToggl := refused(t)
	cases := []struct {
		name  string
		err   error
		kind  worker.Kind
		until time.Time // for Waiting
	}{
		{"nil", nil, worker.Done, time.Time{}},
		{"a skip stays a skip", worker.Skip("stale"), worker.Skipped, time.Time{}},
		{"a chosen retry stays", worker.Retry(errors.New("x")), worker.Retrying, time.Time{}},

		// Refusals wait for the time the service named and spend no attempt.
		{"toggl quota waits for the reset", fmt.Errorf("create: %w", &toggl.QuotaError{ResetAt: reset}), worker.Waiting, reset},
		{"toggl 429 waits for the pause", &toggl.APIError{Status: http.StatusTooManyRequests, RetryAt: told}, worker.Waiting, told},
		{"toggl 429 without a time", &toggl.APIError{Status: http.StatusTooManyRequests}, worker.Waiting, now.Add(RateLimitFallback)},
		{"attio 429 waits for Retry-After", &attio.APIError{HTTPStatus: http.StatusTooManyRequests, RetryAfter: told}, worker.Waiting, told},
		{"attio 429 without a time", &attio.APIError{HTTPStatus: http.StatusTooManyRequests}, worker.Waiting, now.Add(RateLimitFallback)},
		{"attio 429 cut short by the context", errors.Join(&attio.APIError{HTTPStatus: http.StatusTooManyRequests, RetryAfter: told}, context.DeadlineExceeded), worker.Waiting, told},

		// Failures retry with back-off.
		{"toggl 5xx", &toggl.APIError{Status: http.StatusBadGateway}, worker.Retrying, time.Time{}},
		{"toggl 408", &toggl.APIError{Status: http.StatusRequestTimeout}, worker.Retrying, time.Time{}},
		{"attio 5xx", &attio.APIError{HTTPStatus: http.StatusServiceUnavailable}, worker.Retrying, time.Time{}},
		{"attio connection refused", refusedAttio, worker.Retrying, time.Time{}},
		{"toggl connection refused", refusedToggl, worker.Retrying, time.Time{}},
		{"no answer", fmt.Errorf("attio: PATCH x: %w", &url.Error{Op: "Patch", URL: "http://x", Err: errors.New("connection reset")}), worker.Retrying, time.Time{}},
		{"cut-off body", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), worker.Retrying, time.Time{}},
		{"deadline", context.DeadlineExceeded, worker.Retrying, time.Time{}},

		// The rest cannot succeed by trying again.
		{"toggl plan 402", &toggl.PlanError{}, worker.Permanent, time.Time{}},
		{"toggl 400", &toggl.APIError{Status: http.StatusBadRequest, Body: `"Name has already been taken"`}, worker.Permanent, time.Time{}},
		{"toggl 403", &toggl.APIError{Status: http.StatusForbidden}, worker.Permanent, time.Time{}},
		{"attio validation", &attio.APIError{HTTPStatus: http.StatusBadRequest, Code: attio.CodeValidationType}, worker.Permanent, time.Time{}},
		{"attio 404", &attio.APIError{HTTPStatus: http.StatusNotFound, Code: attio.CodeNotFound}, worker.Permanent, time.Time{}},
		{"attio 401", &attio.APIError{HTTPStatus: http.StatusUnauthorized}, worker.Permanent, time.Time{}},
		{"plain error", errors.New("field map renders nothing"), worker.Permanent, time.Time{}},
	}
	for _, c := range cases {
		got := Classify(c.err, now)
		if k := worker.Classify(got); k != c.kind {
			t.Errorf("%s: kind %v, want %v (%v)", c.name, k, c.kind, got)
			continue
		}
		if c.err != nil && !errors.Is(got, c.err) {
			t.Errorf("%s: the verdict lost the error: %v", c.name, got)
		}
		var we *worker.WaitError
		if c.kind == worker.Waiting && (!errors.As(got, &we) || !we.Until.Equal(c.until) || we.Reason == "") {
			t.Errorf("%s: wait %+v, want until %v with a reason", c.name, we, c.until)
		}
	}
}

// refused returns the errors both clients give for a closed port, as during an outage.
func refused(t *testing.T) (attioErr, togglErr error) {
	t.Helper()
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	ac, err := attio.New(attio.Options{BaseURL: base, AccessToken: "t"})
	if err != nil {
		t.Fatal(err)
	}
	_, attioErr = ac.GetRecord(context.Background(), "projects", "x")
	tc, err := toggl.New(toggl.Options{BaseURL: base, APIToken: "t", MaxRetries: -1, Registry: toggl.NewRegistry(0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	_, togglErr = tc.Me(context.Background())
	if attioErr == nil || togglErr == nil {
		t.Fatalf("no error from a closed port: %v, %v", attioErr, togglErr)
	}
	return attioErr, togglErr
}
