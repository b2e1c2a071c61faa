package toggl

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"
)

func TestRetryAfter429(t *testing.T) {
	clock := newAutoClock()
	rec := newRecorder(t, clock, func(w http.ResponseWriter, r *http.Request, n int) {
		switch n {
		case 1:
			w.Header().Set("Retry-After", "7")
			writeRaw(w, 429, `"Too Many Requests"`)
		case 2:
			writeRaw(w, 429, `"Too Many Requests"`) // no Retry-After: exponential back-off
		default:
			okMe(w, r, n)
		}
	})
	c := newTestClient(t, rec, Options{Clock: clock, RetryBaseDelay: time.Second, Random: func() float64 { return 0.5 }})
	// POST is not idempotent, but a 429 proves it was not processed.
	if _, err := c.CreateClient(context.Background(), 1, ClientPayload{Name: "A"}); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests", len(reqs))
	}
	if gap := reqs[1].At.Sub(reqs[0].At); gap != 7*time.Second {
		t.Errorf("Retry-After not honoured: gap %v", gap)
	}
	// attempt 1: d = 2 s, jitter in [1 s, 2 s) at 0.5 → 1.5 s
	if gap := reqs[2].At.Sub(reqs[1].At); gap != 1500*time.Millisecond {
		t.Errorf("back-off gap %v, want 1.5s", gap)
	}
}

func TestRetry429IsBoundedAndShared(t *testing.T) {
	clock := newAutoClock()
	rec := newRecorder(t, clock, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "30")
		writeRaw(w, 429, `"Too Many Requests"`)
	})
	reg := NewRegistry(0, 1)
	c := newTestClient(t, rec, Options{Clock: clock, Registry: reg, APIToken: "t", MaxRetries: 2})
	_, err := c.Me(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 429 || !IsRetryable(err) {
		t.Fatalf("err %v", err)
	}
	if rec.count() != 3 {
		t.Errorf("%d requests, want 1 + 2 retries", rec.count())
	}
	// The error says when the token may call again, for a caller that queues the work.
	if want := rec.requests()[2].At.Add(30 * time.Second); !apiErr.RetryAt.Equal(want) {
		t.Errorf("RetryAt %v, want the last Retry-After's end %v", apiErr.RetryAt, want)
	}
	// The pause set by the last 429 holds back another Client for the same token.
	before := clock.Now()
	other := newTestClient(t, rec, Options{Clock: clock, Registry: reg, APIToken: "t", MaxRetries: -1})
	_, _ = other.Me(context.Background())
	if last := rec.requests()[3]; last.At.Before(before.Add(30 * time.Second)) {
		t.Errorf("other client sent at %v during the pause", last.At)
	}
	if clock.Slept() < 90*time.Second {
		t.Errorf("slept %v, want at least 3 pauses of 30 s", clock.Slept())
	}
}

// A 429 without Retry-After pauses the token for the client's own back-off, and the error
// carries the end of that pause.
func TestRetry429WithoutRetryAfterReportsThePause(t *testing.T) {
	clock := newAutoClock()
	rec := newRecorder(t, clock, func(w http.ResponseWriter, r *http.Request, n int) {
		writeRaw(w, 429, `"Too Many Requests"`)
	})
	c := newTestClient(t, rec, Options{Clock: clock, MaxRetries: -1, RetryBaseDelay: 4 * time.Second, Random: func() float64 { return 0.5 }})
	_, err := c.Me(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 429 {
		t.Fatalf("err %v", err)
	}
	// First failure: d = 4 s, jitter at 0.5 in [2 s, 4 s] → 3 s.
	if want := rec.requests()[0].At.Add(3 * time.Second); !apiErr.RetryAt.Equal(want) {
		t.Errorf("RetryAt %v, want %v", apiErr.RetryAt, want)
	}
	// Other errors carry no retry time.
	rec2 := newRecorder(t, clock, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, 400, `"bad"`) })
	_, err = newTestClient(t, rec2, Options{Clock: clock}).Me(context.Background())
	if !errors.As(err, &apiErr) || apiErr.Status != 400 || !apiErr.RetryAt.IsZero() {
		t.Errorf("400: %v, RetryAt %v", err, apiErr.RetryAt)
	}
}

func TestServerErrorsRetriedOnlyWhenIdempotent(t *testing.T) {
	clock := newAutoClock()
	fail := 2
	rec := newRecorder(t, clock, func(w http.ResponseWriter, r *http.Request, n int) {
		if n <= fail {
			writeRaw(w, 503, `"unavailable"`)
			return
		}
		writeRaw(w, 200, `{"id":1}`)
	})
	c := newTestClient(t, rec, Options{Clock: clock})
	if _, err := c.GetProject(context.Background(), 1, 1); err != nil {
		t.Fatalf("GET not retried: %v", err)
	}
	if rec.count() != 3 {
		t.Errorf("%d requests", rec.count())
	}

	rec2 := newRecorder(t, clock, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, 500, `"boom"`) })
	c2 := newTestClient(t, rec2, Options{Clock: clock})
	_, err := c2.CreateProject(context.Background(), 1, ProjectPayload{Name: Ptr("x")})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 500 || apiErr.Message() != "boom" || !IsRetryable(err) {
		t.Errorf("err %v", err)
	}
	if rec2.count() != 1 {
		t.Errorf("POST resent after 500: %d requests", rec2.count())
	}
}

func TestErrorClassification(t *testing.T) {
	for _, tc := range []struct {
		status               int
		body                 string
		unauthorized, notFnd bool
		retryable            bool
	}{
		{401, `"Unauthorized"`, true, false, false},
		{403, `"Incorrect username and/or password"`, true, false, false},
		{404, `"No client with ID 9 was found"`, false, true, false},
		{400, `Client name cannot be empty`, false, false, false}, // plain text tolerated
	} {
		rec := newRecorder(t, nil, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, tc.status, tc.body) })
		c := newTestClient(t, rec, Options{})
		_, err := c.GetClient(context.Background(), 1, 9)
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("%d: %T %v", tc.status, err, err)
		}
		if apiErr.Status != tc.status || apiErr.Method != "GET" || apiErr.Path != "/api/v9/workspaces/1/clients/9" || apiErr.Body != tc.body {
			t.Errorf("%d: %+v", tc.status, apiErr)
		}
		if IsUnauthorized(err) != tc.unauthorized || IsNotFound(err) != tc.notFnd || IsRetryable(err) != tc.retryable {
			t.Errorf("%d: unauthorized %v notfound %v retryable %v", tc.status, IsUnauthorized(err), IsNotFound(err), IsRetryable(err))
		}
		if want := bodyMessage(tc.body); apiErr.Message() == "" || apiErr.Message() != want {
			t.Errorf("%d: message %q", tc.status, apiErr.Message())
		}
	}
	if IsRetryable(nil) || IsRetryable(context.Canceled) || IsRetryable(errors.New("x")) {
		t.Error("plain errors classed retryable")
	}
}

func TestNetworkErrorsAreRetryable(t *testing.T) {
	// A port nothing listens on: connection refused.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	clock := newAutoClock()
	c, err := New(Options{BaseURL: "http://" + addr, APIToken: "t", Registry: NewRegistry(0, 1), Clock: clock, MaxRetries: 2})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Me(context.Background())
	var nerr *NetworkError
	if !errors.As(err, &nerr) || !IsRetryable(err) || nerr.Path != "/api/v9/me" {
		t.Fatalf("err %T %v", err, err)
	}
	if clock.Slept() == 0 {
		t.Error("GET was not retried with back-off")
	}

	// A client-side timeout is retryable too.
	rec := newRecorder(t, nil, func(w http.ResponseWriter, r *http.Request, n int) {
		<-r.Context().Done()
	})
	slow := newTestClient(t, rec, Options{HTTPClient: &http.Client{Timeout: 50 * time.Millisecond}, MaxRetries: -1})
	_, err = slow.Me(context.Background())
	if !errors.As(err, &nerr) || !IsRetryable(err) {
		t.Fatalf("timeout: %T %v", err, err)
	}

	// The caller's own cancellation is returned as is and is not retryable.
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for rec.count() < 2 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	_, err = slow.Me(ctx)
	if !errors.Is(err, context.Canceled) || IsRetryable(err) {
		t.Fatalf("cancel: %T %v", err, err)
	}
}
