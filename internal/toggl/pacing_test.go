package toggl

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func okMe(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, 200, `{"id":1}`) }

// Sequential calls on one token are spaced one interval apart on the (fake) clock.
func TestPacingSequential(t *testing.T) {
	clock := newAutoClock()
	rec := newRecorder(t, clock, okMe)
	c := newTestClient(t, rec, Options{Registry: NewRegistry(time.Second, 1), Clock: clock})
	for range 5 {
		if _, err := c.Me(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	reqs := rec.requests()
	if len(reqs) != 5 {
		t.Fatalf("%d requests", len(reqs))
	}
	for i := 1; i < len(reqs); i++ {
		if gap := reqs[i].At.Sub(reqs[i-1].At); gap != time.Second {
			t.Errorf("gap before request %d: %v", i, gap)
		}
	}
	if clock.Slept() != 4*time.Second {
		t.Errorf("slept %v in total, want 4s", clock.Slept())
	}
}

// Goroutines on separate Clients for one token share one budget: each advance of the clock
// by one interval lets exactly one more request out.
func TestPacingSharedAcrossGoroutinesAndClients(t *testing.T) {
	const goroutines, callsEach = 3, 3
	clock := newBlockingClock()
	reg := NewRegistry(time.Second, 1)
	rec := newRecorder(t, clock, okMe)
	var done atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*callsEach)
	for range goroutines {
		c := newTestClient(t, rec, Options{APIToken: "shared-token", Registry: reg, Clock: clock})
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer done.Add(1)
			for range callsEach {
				if _, err := c.Me(context.Background()); err != nil {
					errs <- err
				}
			}
		}()
	}
	// quiet: every goroutine is either asleep on the clock or finished.
	quiet := func() bool { return clock.Waiters()+int(done.Load()) == goroutines }
	for step := 0; step < goroutines*callsEach; step++ {
		eventually(t, "goroutines to settle", quiet)
		if got := rec.count(); got != step+1 {
			t.Fatalf("after %d s of fake time: %d requests sent, want %d", step, got, step+1)
		}
		clock.Advance(time.Second)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if rec.count() != goroutines*callsEach {
		t.Errorf("%d requests", rec.count())
	}
}

// Another token has its own budget; the process-wide registry hands Clients of one token the
// same state.
func TestPacingIsPerToken(t *testing.T) {
	clock := newBlockingClock()
	reg := NewRegistry(time.Second, 1)
	rec := newRecorder(t, clock, okMe)
	a := newTestClient(t, rec, Options{APIToken: "token-a", Registry: reg, Clock: clock})
	b := newTestClient(t, rec, Options{APIToken: "token-b", Registry: reg, Clock: clock})
	for _, c := range []*Client{a, b} {
		if _, err := c.Me(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if rec.count() != 2 {
		t.Fatalf("two tokens at t=0: %d requests", rec.count())
	}
	// A second call on token a must wait for the clock.
	result := make(chan error, 1)
	go func() { _, err := a.Me(context.Background()); result <- err }()
	eventually(t, "token a to wait", func() bool { return clock.Waiters() == 1 })
	if rec.count() != 2 {
		t.Fatalf("token a sent early")
	}
	clock.Advance(time.Second)
	if err := <-result; err != nil {
		t.Fatal(err)
	}

	d1, _ := New(Options{APIToken: "default-registry-" + t.Name()})
	d2, _ := New(Options{APIToken: "default-registry-" + t.Name()})
	d3, _ := New(Options{APIToken: "other-" + t.Name()})
	if d1.state != d2.state || d1.state == d3.state {
		t.Error("DefaultRegistry does not key state by token")
	}
}

// An injected Limiter is consulted once per request sent.
type countingLimiter struct{ n atomic.Int32 }

func (l *countingLimiter) Wait(ctx context.Context) error { l.n.Add(1); return ctx.Err() }

func TestInjectedLimiter(t *testing.T) {
	rec := newRecorder(t, nil, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			writeRaw(w, 429, `"Too Many Requests"`)
			return
		}
		okMe(w, r, n)
	})
	lim := &countingLimiter{}
	c := newTestClient(t, rec, Options{Limiter: lim})
	for range 3 {
		if _, err := c.Me(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if got := lim.n.Load(); got != 4 || rec.count() != 4 {
		t.Errorf("limiter waited %d times for %d requests, want 4 and 4", got, rec.count())
	}
}

func TestLimiterWaitRespectsContext(t *testing.T) {
	clock := newBlockingClock()
	reg := NewRegistry(time.Hour, 1)
	rec := newRecorder(t, clock, okMe)
	c := newTestClient(t, rec, Options{Registry: reg, Clock: clock})
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The next slot is an hour away: a context with a shorter deadline fails at once.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := c.Me(ctx); !errors.Is(err, context.DeadlineExceeded) || IsRetryable(err) {
		t.Fatalf("call with a short deadline: %v", err)
	}
	// A cancelled wait gives its slot back and reports the context's error.
	ctx2, cancel2 := context.WithCancel(context.Background())
	result := make(chan error, 1)
	go func() { _, err := c.Me(ctx2); result <- err }()
	eventually(t, "wait", func() bool { return clock.Waiters() == 1 })
	cancel2()
	if err := <-result; err != context.Canceled {
		t.Errorf("err %v", err)
	}
	if rec.count() != 1 {
		t.Errorf("%d requests", rec.count())
	}
}
