package inbound

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/worker"
)

func TestClassify(t *testing.T) {
	// A real "connection refused" from the Attio client, as during an Attio outage.
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	ac, _ := attio.New(attio.Options{BaseURL: url, AccessToken: "t"})
	_, refused := ac.GetRecord(context.Background(), "projects", "x")
	if refused == nil {
		t.Fatal("no error from a closed port")
	}
	cases := []struct {
		name string
		err  error
		want worker.Kind
	}{
		{"nil", nil, worker.Done},
		{"connection refused", refused, worker.Retrying},
		{"unexpected EOF", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), worker.Retrying},
		{"deadline", context.DeadlineExceeded, worker.Retrying},
		{"attio 503", &attio.APIError{HTTPStatus: 503, StatusCode: 503}, worker.Retrying},
		{"attio 429 with Retry-After", &attio.APIError{HTTPStatus: 429, StatusCode: 429, RetryAfter: time.Now().Add(time.Second)}, worker.Waiting},
		{"toggl quota", &toggl.QuotaError{ResetAt: time.Now().Add(time.Hour)}, worker.Waiting},
		{"attio validation", &attio.APIError{HTTPStatus: 400, StatusCode: 400, Code: "validation_type"}, worker.Permanent},
		{"plain error", errors.New("field map renders nothing"), worker.Permanent},
		{"already a skip", worker.Skip("stale"), worker.Skipped},
	}
	for _, c := range cases {
		if got := worker.Classify(classify(c.err)); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
