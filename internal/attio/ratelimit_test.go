package attio

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

// rateLimitBody is docs/api/attio.md §6's 429 body.
const rateLimitBody = `{"status_code":429,"type":"rate_limit_error","code":"rate_limit_exceeded","message":"Rate limit exceeded, please try again later"}`

// limitedServer answers the first `limited` requests with 429 (headers from hdr) and the rest 200.
func limitedServer(t *testing.T, limited int32, hdr func(h http.Header)) *recorder {
	var n atomic.Int32
	return newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		if n.Add(1) <= limited {
			hdr(w.Header())
			writeJSON(w, http.StatusTooManyRequests, rateLimitBody)
			return
		}
		writeJSON(w, 200, `{"data":{"id":{"workspace_id":"w","object_id":"o","record_id":"r"},"values":{}}}`)
	})
}

// TestRetryAfterHTTPDate: Attio's Retry-After is an HTTP date; the wait is measured against the
// response's Date, and the retried POST carries the same body.
func TestRetryAfterHTTPDate(t *testing.T) {
	serverNow := time.Date(2023, 5, 23, 14, 42, 0, 0, time.UTC)
	rec := limitedServer(t, 1, func(h http.Header) {
		h.Set("Date", serverNow.Format(http.TimeFormat))
		h.Set("Retry-After", "Tue, 23 May 2023 14:42:02 GMT")
	})
	clock := newFakeClock() // a different day than the server's: the Date header must win
	c := newTestClient(t, rec.srv.URL, clock)
	r, err := c.CreateRecord(context.Background(), "projects", Values{"name": {Text("X")}})
	if err != nil {
		t.Fatal(err)
	}
	if r.ID.RecordID != "r" {
		t.Errorf("record %+v", r.ID)
	}
	reqs := rec.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	if string(reqs[0].Body) != string(reqs[1].Body) || len(reqs[1].Body) == 0 {
		t.Errorf("retry body %q differs from %q", reqs[1].Body, reqs[0].Body)
	}
	if s := clock.Sleeps(); len(s) != 1 || s[0] != 2*time.Second {
		t.Errorf("slept %v; want once, 2s", s)
	}
	if st := c.Stats(); st.RateLimited != 1 || st.Writes != 2 {
		t.Errorf("stats %+v", st)
	}
}

func TestRetryAfterSeconds(t *testing.T) {
	rec := limitedServer(t, 1, func(h http.Header) { h.Set("Retry-After", "3") })
	clock := newFakeClock()
	c := newTestClient(t, rec.srv.URL, clock)
	if _, err := c.GetRecord(context.Background(), "projects", "r"); err != nil {
		t.Fatal(err)
	}
	if total := clock.Slept(); total != 3*time.Second {
		t.Errorf("slept %v, want 3s", total)
	}
}

// TestRetryAfterDateWithoutDateHeader: without a Date header the HTTP date is measured on the
// client's clock.
func TestRetryAfterDateWithoutDateHeader(t *testing.T) {
	clock := newFakeClock()
	at := clock.Now().Add(1500 * time.Millisecond).Truncate(time.Second).Add(time.Second) // next full second + 1
	rec := limitedServer(t, 1, func(h http.Header) {
		h["Date"] = nil // suppress net/http's automatic Date
		h.Set("Retry-After", at.Format(http.TimeFormat))
	})
	c := newTestClient(t, rec.srv.URL, clock)
	if _, err := c.GetRecord(context.Background(), "projects", "r"); err != nil {
		t.Fatal(err)
	}
	if !clock.Now().Equal(at) {
		t.Errorf("retried at %v, want %v", clock.Now(), at)
	}
}

func TestRetryAfterMissingOrCapped(t *testing.T) {
	t.Run("missing header waits 1s", func(t *testing.T) {
		rec := limitedServer(t, 1, func(h http.Header) {})
		clock := newFakeClock()
		c := newTestClient(t, rec.srv.URL, clock)
		if _, err := c.GetRecord(context.Background(), "projects", "r"); err != nil {
			t.Fatal(err)
		}
		if total := clock.Slept(); total != time.Second {
			t.Errorf("slept %v", total)
		}
	})
	t.Run("absurd header capped", func(t *testing.T) {
		rec := limitedServer(t, 1, func(h http.Header) { h.Set("Retry-After", "86400") })
		clock := newFakeClock()
		c, _ := New(Options{BaseURL: rec.srv.URL, AccessToken: "t", Clock: clock, Pacer: NewPacer(Limits{}, clock), MaxRetryAfter: 5 * time.Second})
		if _, err := c.GetRecord(context.Background(), "projects", "r"); err != nil {
			t.Fatal(err)
		}
		if total := clock.Slept(); total != 5*time.Second {
			t.Errorf("slept %v, want the 5s cap", total)
		}
	})
}

func TestRateLimitRetriesExhausted(t *testing.T) {
	rec := limitedServer(t, 100, func(h http.Header) { h.Set("Retry-After", "1") })
	clock := newFakeClock()
	c, _ := New(Options{BaseURL: rec.srv.URL, AccessToken: "t", Clock: clock, Pacer: NewPacer(Limits{}, clock), MaxRateLimitRetries: 2})
	_, err := c.GetRecord(context.Background(), "projects", "r")
	if !IsRateLimited(err) || !IsRetryable(err) || !HasCode(err, CodeRateLimitExceeded) {
		t.Fatalf("err = %v", err)
	}
	e, _ := AsAPIError(err)
	if e.Type != "rate_limit_error" || e.RetryAfter.IsZero() {
		t.Errorf("api error %+v", e)
	}
	if got := len(rec.requests()); got != 3 {
		t.Errorf("%d requests, want 1 + 2 retries", got)
	}
	if st := c.Stats(); st.RateLimited != 3 {
		t.Errorf("RateLimited = %d", st.RateLimited)
	}
}

func TestRateLimitNoRetries(t *testing.T) {
	rec := limitedServer(t, 100, func(h http.Header) { h.Set("Retry-After", "1") })
	clock := newFakeClock()
	c, _ := New(Options{BaseURL: rec.srv.URL, AccessToken: "t", Clock: clock, Pacer: NewPacer(Limits{}, clock), MaxRateLimitRetries: -1})
	if _, err := c.GetRecord(context.Background(), "projects", "r"); !IsRateLimited(err) {
		t.Fatalf("err = %v", err)
	}
	if got := len(rec.requests()); got != 1 {
		t.Errorf("%d requests, want 1", got)
	}
}

// TestRateLimitBoundedByContext: a Retry-After beyond the context's deadline fails at once with
// the 429 instead of sleeping into a dead context.
func TestRateLimitBoundedByContext(t *testing.T) {
	rec := limitedServer(t, 100, func(h http.Header) { h.Set("Retry-After", "30") })
	clock := newFakeClock()
	c := newTestClient(t, rec.srv.URL, clock)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := c.GetRecord(ctx, "projects", "r")
	if !IsRateLimited(err) {
		t.Fatalf("err = %v", err)
	}
	if n := len(clock.Sleeps()); n != 0 {
		t.Errorf("slept %d times", n)
	}
	if got := len(rec.requests()); got != 1 {
		t.Errorf("%d requests", got)
	}
}

// TestRateLimitPausesSharedPacer: a 429 seen by one client holds back the next request of the
// same kind from another client of the same token until Retry-After.
func TestRateLimitPausesSharedPacer(t *testing.T) {
	rec := limitedServer(t, 1, func(h http.Header) {
		h["Date"] = nil
		h.Set("Retry-After", "2")
	})
	clock := newFakeClock()
	pacer := NewPacer(Limits{ReadsPerSecond: 1e6, ReadBurst: 100}, clock)
	a, _ := New(Options{BaseURL: rec.srv.URL, AccessToken: "t", Clock: clock, Pacer: pacer, MaxRateLimitRetries: -1})
	b, _ := New(Options{BaseURL: rec.srv.URL, AccessToken: "t", Clock: clock, Pacer: pacer})
	start := clock.Now()
	if _, err := a.GetRecord(context.Background(), "projects", "r"); !IsRateLimited(err) {
		t.Fatalf("a: %v", err)
	}
	if _, err := b.GetRecord(context.Background(), "projects", "r"); err != nil {
		t.Fatalf("b: %v", err)
	}
	if got := clock.Now().Sub(start); got != 2*time.Second {
		t.Errorf("b went out after %v, want 2s", got)
	}
	if st := pacer.Stats(); st.RateLimited != 1 || st.Reads != 2 {
		t.Errorf("stats %+v", st)
	}
}

// TestRetryAfterSubSecond: when the response's Date names the local clock's current second, the
// wait is measured on the local clock, keeping the sub-second part (no full-second overshoot).
func TestRetryAfterSubSecond(t *testing.T) {
	clock := newFakeClock()
	clock.Advance(400 * time.Millisecond) // 09:00:00.4
	sec := clock.Now().Truncate(time.Second)
	rec := limitedServer(t, 1, func(h http.Header) {
		h.Set("Date", sec.Format(http.TimeFormat))
		h.Set("Retry-After", sec.Add(time.Second).Format(http.TimeFormat))
	})
	c := newTestClient(t, rec.srv.URL, clock)
	if _, err := c.GetRecord(context.Background(), "projects", "r"); err != nil {
		t.Fatal(err)
	}
	if total := clock.Slept(); total != 600*time.Millisecond {
		t.Errorf("slept %v, want 600ms", total)
	}
}
