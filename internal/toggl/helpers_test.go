package toggl

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"
	"time"

	"toggl-attio-sync/internal/clock"
)

var epoch = time.Date(2025, 9, 10, 12, 0, 0, 0, time.UTC)

// newAutoClock's Sleep moves time forward at once (sequential tests); newBlockingClock's
// sleepers wait until the test advances it past their end.
func newAutoClock() *clock.Manual     { return clock.NewManual(epoch) }
func newBlockingClock() *clock.Manual { return clock.NewBlocking(epoch) }

// eventually polls cond; the generous bound only guards against a hung test, it is not a
// timing assertion.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// seen is one request as the test server received it.
type seen struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   []byte
	At                     time.Time // fake-clock time of arrival
}

// recorder is an httptest server that records requests and answers with handle.
type recorder struct {
	mu     sync.Mutex
	reqs   []seen
	clock  Clock
	handle func(w http.ResponseWriter, r *http.Request, n int) // n: 1-based request number
	srv    *httptest.Server
}

func newRecorder(t *testing.T, clock Clock, handle func(w http.ResponseWriter, r *http.Request, n int)) *recorder {
	t.Helper()
	rec := &recorder{clock: clock, handle: handle}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec.mu.Lock()
		var at time.Time
		if rec.clock != nil {
			at = rec.clock.Now()
		}
		rec.reqs = append(rec.reqs, seen{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: body, At: at})
		n := len(rec.reqs)
		rec.mu.Unlock()
		rec.handle(w, r, n)
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

func (rec *recorder) requests() []seen {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]seen(nil), rec.reqs...)
}

func (rec *recorder) count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.reqs)
}

// newTestClient builds a client for rec with its own registry (no pacing unless the options
// say otherwise) and an auto-advancing fake clock.
func newTestClient(t *testing.T, rec *recorder, o Options) *Client {
	t.Helper()
	o.BaseURL = rec.srv.URL
	if o.APIToken == "" {
		o.APIToken = "tok-" + t.Name()
	}
	if o.Registry == nil {
		o.Registry = NewRegistry(0, 1)
	}
	if o.Clock == nil {
		if fc, ok := rec.clock.(*clock.Manual); ok {
			o.Clock = fc
		} else {
			o.Clock = newAutoClock()
		}
	}
	if o.Random == nil {
		o.Random = func() float64 { return 0 }
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeRaw(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// jsonEqual compares two JSON documents by value.
func jsonEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body %q is not JSON: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expectation %q: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("body\n got %s\nwant %s", got, want)
	}
}
