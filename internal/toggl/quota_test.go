package toggl

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// quota402 answers like an exhausted hourly quota (docs/api/toggl.md §5).
func quota402(w http.ResponseWriter, resetsIn string) {
	w.Header().Set("X-Toggl-Quota-Remaining", "0")
	w.Header().Set("X-Toggl-Quota-Resets-In", resetsIn)
	writeRaw(w, 402, `"You have hit your hourly limit for API calls."`)
}

func withQuota(w http.ResponseWriter, remaining, resetsIn string) {
	w.Header().Set("X-Toggl-Quota-Remaining", remaining)
	w.Header().Set("X-Toggl-Quota-Resets-In", resetsIn)
}

func TestQuota402WaitsUntilResetThenSucceeds(t *testing.T) {
	clock := newAutoClock()
	rec := newRecorder(t, clock, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			quota402(w, "30")
			return
		}
		withQuota(w, "239", "3600")
		okMe(w, r, n)
	})
	reg := NewRegistry(0, 1)
	c := newTestClient(t, rec, Options{Clock: clock, Registry: reg, APIToken: "q"})
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	resetAt := reqs[0].At.Add(30 * time.Second)
	if reqs[1].At.Before(resetAt) {
		t.Errorf("resent at %v, before the reset at %v", reqs[1].At, resetAt)
	}
	q := c.Quota()
	if !q.Known || q.Remaining != 239 || !q.ResetAt.Equal(reqs[1].At.Add(time.Hour)) || !q.ObservedAt.Equal(reqs[1].At) {
		t.Errorf("quota after recovery %+v", q)
	}
	if !q.BlockedUntil.Equal(resetAt) || q.Blocked(clock.Now()) {
		t.Errorf("blocked until %v, now %v", q.BlockedUntil, clock.Now())
	}
}

// After a quota 402 every later call for the token waits, whichever Client makes it; a
// fail-fast Client gets *QuotaError at once without sending anything.
func TestQuotaBlockIsSharedByToken(t *testing.T) {
	clock := newAutoClock()
	rec := newRecorder(t, clock, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			quota402(w, "600")
			return
		}
		okMe(w, r, n)
	})
	reg := NewRegistry(0, 1)
	failFast := newTestClient(t, rec, Options{Clock: clock, Registry: reg, APIToken: "q", FailFastOnQuota: true})
	_, err := failFast.Me(context.Background())
	var qe *QuotaError
	if !errors.As(err, &qe) {
		t.Fatalf("err %T %v", err, err)
	}
	first := rec.requests()[0].At
	if !qe.ResetAt.Equal(first.Add(600*time.Second)) || qe.Remaining != 0 || qe.Path != "/api/v9/me" || !IsRetryable(err) {
		t.Errorf("quota error %+v", qe)
	}
	// Still blocked: fail fast again, nothing sent.
	if _, err := failFast.Workspaces(context.Background()); !errors.As(err, &qe) || rec.count() != 1 {
		t.Fatalf("second fail-fast call: %v, %d requests", err, rec.count())
	}
	if q := failFast.Quota(); !q.Blocked(clock.Now()) || q.Remaining != 0 {
		t.Errorf("quota %+v", q)
	}
	// Another token is not blocked.
	free := newTestClient(t, rec, Options{Clock: clock, Registry: reg, APIToken: "other"})
	if _, err := free.Me(context.Background()); err != nil || rec.requests()[1].At != first {
		t.Fatalf("other token: %v", err)
	}
	// A waiting Client for the blocked token sends only after the reset.
	waiting := newTestClient(t, rec, Options{Clock: clock, Registry: reg, APIToken: "q"})
	if _, err := waiting.Me(context.Background()); err != nil {
		t.Fatal(err)
	}
	if at := rec.requests()[2].At; at.Before(qe.ResetAt) {
		t.Errorf("sent at %v before reset %v", at, qe.ResetAt)
	}
}

func TestQuotaErrorWhenContextCannotWait(t *testing.T) {
	clock := newBlockingClock()
	rec := newRecorder(t, clock, func(w http.ResponseWriter, r *http.Request, n int) { quota402(w, "3600") })
	c := newTestClient(t, rec, Options{Clock: clock})
	// The reset is an hour away; the caller gives it a minute.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := c.Me(ctx)
	var qe *QuotaError
	if !errors.As(err, &qe) || rec.count() != 1 || clock.Waiters() != 0 {
		t.Fatalf("err %v, %d requests, %d sleepers", err, rec.count(), clock.Waiters())
	}
	// A caller without a deadline waits; cancelling it yields a QuotaError wrapping the cause.
	ctx2, cancel2 := context.WithCancel(context.Background())
	result := make(chan error, 1)
	go func() { _, err := c.Me(ctx2); result <- err }()
	eventually(t, "quota wait", func() bool { return clock.Waiters() == 1 })
	cancel2()
	err = <-result
	if !errors.As(err, &qe) || !errors.Is(err, context.Canceled) || rec.count() != 1 {
		t.Fatalf("err %v, %d requests", err, rec.count())
	}
}

func TestQuotaRetriesAreBounded(t *testing.T) {
	clock := newAutoClock()
	rec := newRecorder(t, clock, func(w http.ResponseWriter, r *http.Request, n int) { quota402(w, "10") })
	c := newTestClient(t, rec, Options{Clock: clock, MaxRetries: 2})
	_, err := c.Me(context.Background())
	var qe *QuotaError
	if !errors.As(err, &qe) || rec.count() != 3 {
		t.Fatalf("err %v after %d requests", err, rec.count())
	}
}

func TestQuota402WithoutResetUsesFallback(t *testing.T) {
	clock := newAutoClock()
	rec := newRecorder(t, clock, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("X-Toggl-Quota-Remaining", "-3")
			writeRaw(w, 402, `"quota"`)
			return
		}
		okMe(w, r, n)
	})
	c := newTestClient(t, rec, Options{Clock: clock, QuotaFallbackWait: 5 * time.Minute})
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatal(err)
	}
	if gap := rec.requests()[1].At.Sub(rec.requests()[0].At); gap != 5*time.Minute {
		t.Errorf("waited %v", gap)
	}
}

func TestPlan402IsNotQuota(t *testing.T) {
	for name, headers := range map[string]map[string]string{
		"no quota headers":       nil,
		"quota still remaining":  {"X-Toggl-Quota-Remaining": "120", "X-Toggl-Quota-Resets-In": "1800"},
		"unreadable quota value": {"X-Toggl-Quota-Remaining": "lots"},
		// This 402 was counted and used the window's last request: the headers say 0 left,
		// but the message is the documented plan one.
		"last request of the window": {"X-Toggl-Quota-Remaining": "0", "X-Toggl-Quota-Resets-In": "1800"},
	} {
		t.Run(name, func(t *testing.T) {
			rec := newRecorder(t, nil, func(w http.ResponseWriter, r *http.Request, n int) {
				for k, v := range headers {
					w.Header().Set(k, v)
				}
				writeRaw(w, 402, `"Workspace needs to have this feature enabled"`)
			})
			c := newTestClient(t, rec, Options{})
			_, err := c.SearchTimeEntriesPage(context.Background(), 7, DetailedSearch{StartDate: "2025-08-01", EndDate: "2025-08-02"})
			var pe *PlanError
			var qe *QuotaError
			if !errors.As(err, &pe) || errors.As(err, &qe) || IsRetryable(err) {
				t.Fatalf("err %T %v", err, err)
			}
			if pe.Message() != "Workspace needs to have this feature enabled" || pe.Path != "/reports/api/v3/workspace/7/search/time_entries" {
				t.Errorf("plan error %+v", pe)
			}
			if rec.count() != 1 || c.Quota().Blocked(time.Now()) {
				t.Errorf("%d requests; quota %+v", rec.count(), c.Quota())
			}
		})
	}
}

func TestQuotaObservedOnEveryAnswer(t *testing.T) {
	clock := newAutoClock()
	rec := newRecorder(t, clock, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 2 {
			withQuota(w, "17", "90")
			writeRaw(w, 404, `"nope"`)
			return
		}
		okMe(w, r, n) // no quota headers: the last reading stays
	})
	c := newTestClient(t, rec, Options{Clock: clock})
	if q := c.Quota(); q.Known {
		t.Errorf("quota known before any answer: %+v", q)
	}
	_, _ = c.Me(context.Background())
	_, _ = c.Me(context.Background())
	_, _ = c.Me(context.Background())
	q := c.Quota()
	at := rec.requests()[1].At
	if !q.Known || q.Remaining != 17 || !q.ObservedAt.Equal(at) || !q.ResetAt.Equal(at.Add(90*time.Second)) {
		t.Errorf("quota %+v", q)
	}
}
