package attio

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

// TestPacerSpacesRequests: with burst 1, n requests of one kind need (n-1)/rate of waiting,
// measured on the fake clock's sleeps.
func TestPacerSpacesRequests(t *testing.T) {
	clock := newFakeClock()
	p := NewPacer(Limits{ReadsPerSecond: 10, WritesPerSecond: 4}, clock)
	ctx := context.Background()
	for range 11 {
		if err := p.Wait(ctx, Read); err != nil {
			t.Fatal(err)
		}
	}
	if total := clock.Slept(); total != time.Second {
		t.Errorf("11 reads at 10/s slept %v, want 1s", total)
	}
	start := clock.Now()
	for range 5 {
		if err := p.Wait(ctx, Write); err != nil {
			t.Fatal(err)
		}
	}
	// The write budget is separate: its first token is available, then 4 waits of 250ms.
	if got := clock.Now().Sub(start); got != time.Second {
		t.Errorf("5 writes at 4/s advanced %v, want 1s", got)
	}
	if st := p.Stats(); st.Reads != 11 || st.Writes != 5 {
		t.Errorf("stats %+v", st)
	}
}

func TestPacerBurst(t *testing.T) {
	clock := newFakeClock()
	p := NewPacer(Limits{ReadsPerSecond: 100, ReadBurst: 5}, clock)
	for range 5 {
		if err := p.Wait(context.Background(), Read); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(clock.Sleeps()); n != 0 {
		t.Errorf("burst of 5 slept %d times", n)
	}
	_ = p.Wait(context.Background(), Read)
	if total := clock.Slept(); total != 10*time.Millisecond {
		t.Errorf("6th read slept %v, want 10ms", total)
	}
}

// TestPacerDefaults: 95% of the documented 100 reads/s and 25 writes/s, burst 1.
func TestPacerDefaults(t *testing.T) {
	clock := newFakeClock()
	p := NewPacer(Limits{}, clock)
	ctx := context.Background()
	for _, c := range []struct {
		kind Kind
		n    int
		rate float64
	}{{Read, 96, 95}, {Write, 20, 23.75}} {
		start := clock.Now()
		for range c.n {
			_ = p.Wait(ctx, c.kind)
		}
		want := time.Duration(float64(c.n-1) / c.rate * float64(time.Second))
		if got := clock.Now().Sub(start); got < want-time.Millisecond || got > want+time.Millisecond {
			t.Errorf("%d %v took %v, want %v (%.2f/s)", c.n, c.kind, got, want, c.rate)
		}
	}
}

// TestPacerConcurrent: 40 goroutines share one write budget of 20/s. On a frozen clock every
// goroutine reserves at the same instant, so whatever the interleaving the granted delays must
// be exactly 0, 50ms, 100ms, … 1950ms: one slot each, none shared.
func TestPacerConcurrent(t *testing.T) {
	clock := newFakeClock()
	clock.Freeze()
	p := NewPacer(Limits{WritesPerSecond: 20}, clock)
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() {
			if err := p.Wait(context.Background(), Write); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if st := p.Stats(); st.Writes != 40 {
		t.Errorf("writes %d", st.Writes)
	}
	got := clock.Sleeps()
	slices.Sort(got)
	if len(got) != 39 {
		t.Fatalf("%d of 40 writes waited, want 39 (one initial token): %v", len(got), got)
	}
	for i, d := range got {
		if want := time.Duration(i+1) * 50 * time.Millisecond; d != want {
			t.Errorf("delay #%d = %v, want %v", i, d, want)
		}
	}
}

func TestPacerContextCancel(t *testing.T) {
	clock := newFakeClock()
	p := NewPacer(Limits{ReadsPerSecond: 1}, clock)
	ctx, cancel := context.WithCancel(context.Background())
	_ = p.Wait(ctx, Read) // takes the only token
	cancel()
	if err := p.Wait(ctx, Read); err != context.Canceled {
		t.Errorf("Wait after cancel = %v", err)
	}
	// The cancelled reservation was returned: the next read waits one interval, not two.
	before := clock.Now()
	_ = p.Wait(context.Background(), Read)
	if got := clock.Now().Sub(before); got != time.Second {
		t.Errorf("next read waited %v, want 1s", got)
	}
}

func TestPacerPauseUntil(t *testing.T) {
	clock := newFakeClock()
	p := NewPacer(Limits{}, clock)
	until := clock.Now().Add(1500 * time.Millisecond)
	p.PauseUntil(Write, until)
	p.PauseUntil(Write, until.Add(-time.Second)) // an earlier pause does not shorten it
	_ = p.Wait(context.Background(), Read)
	if n := len(clock.Sleeps()); n != 0 {
		t.Error("a write pause held back a read")
	}
	_ = p.Wait(context.Background(), Write)
	if !clock.Now().Equal(until) {
		t.Errorf("write resumed at %v, want %v", clock.Now(), until)
	}
}

// TestSharedPacerPerToken: clients of one token (and base URL) share a budget; another token
// gets its own; a later client's limits apply to the shared pacer.
func TestSharedPacerPerToken(t *testing.T) {
	base := "http://shared-pacer.test"
	a, _ := New(Options{BaseURL: base, AccessToken: "tok-1"})
	b, _ := New(Options{BaseURL: base, AccessToken: "tok-1", Limits: Limits{WritesPerSecond: 5}})
	c, _ := New(Options{BaseURL: base, AccessToken: "tok-2"})
	if a.Pacer() != b.Pacer() {
		t.Error("two clients of one token got different pacers")
	}
	if a.Pacer() == c.Pacer() {
		t.Error("two tokens share a pacer")
	}
	if got := a.Pacer().write.Limit(); float64(got) != 5 {
		t.Errorf("shared write limit %v, want the latest (5)", got)
	}
	// A client without limits of its own leaves the configured ones alone.
	d, _ := New(Options{BaseURL: base, AccessToken: "tok-1"})
	if got := d.Pacer().write.Limit(); d.Pacer() != a.Pacer() || float64(got) != 5 {
		t.Errorf("zero limits changed the shared write limit to %v", got)
	}
}

// TestClientPacesQueryAsRead: records/query and entries/query spend the read budget; record
// creation spends the write budget (see package doc for the choice).
func TestClientPacesQueryAsRead(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { writeJSON(w, 200, `{"data":[]}`) })
	clock := newFakeClock()
	c, err := New(Options{BaseURL: rec.srv.URL, AccessToken: "t", Clock: clock, Pacer: NewPacer(Limits{ReadsPerSecond: 10, WritesPerSecond: 2}, clock)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for range 5 {
		if _, err := c.QueryRecords(ctx, "projects", Query{}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.QueryEntries(ctx, "time_entries", Query{}); err != nil {
			t.Fatal(err)
		}
	}
	if st := c.Stats(); st.Reads != 10 || st.Writes != 0 {
		t.Errorf("stats %+v, want 10 reads", st)
	}
	// 10 reads at 10/s burst 1: 9 waits of 100ms.
	if total := clock.Slept(); total != 900*time.Millisecond {
		t.Errorf("slept %v, want 900ms", total)
	}
	if got := kindOf(http.MethodPost, "/v2/objects/projects/records"); got != Write {
		t.Errorf("record create classified as %v", got)
	}
}

func TestSystemClockSleepHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (SystemClock{}).Sleep(ctx, time.Hour); err != context.Canceled {
		t.Errorf("Sleep on a cancelled context = %v", err)
	}
	if err := (SystemClock{}).Sleep(context.Background(), 0); err != nil {
		t.Errorf("Sleep(0) = %v", err)
	}
}
