package attio

import (
	"context"
	"strconv"
	"sync"
	"testing"

	"toggl-attio-sync/internal/attiosim"
)

// createProjects creates n projects from as many goroutines, returning the first error.
func createProjects(c *Client, prefix string, n int) error {
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, err := c.CreateRecord(context.Background(), "projects", Values{"name": {Text(prefix + strconv.Itoa(i))}})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// simRateLimitRetry: an unpaced client (limits far above the emulator's 3 writes/s) meets
// real 429s with an HTTP-date Retry-After, waits, retries, and every write lands. The client
// counts exactly the 429s the emulator sent.
func simRateLimitRetry(t *testing.T) {
	env := newSimEnv(t, attiosim.Config{Limits: attiosim.Limits{WritesPerSecond: 3}})
	c := env.client(t, env.seed.Token, Limits{WritesPerSecond: 1000, WriteBurst: 100})
	if err := createProjects(c, "burst ", 12); err != nil {
		t.Fatal(err)
	}
	simStats, st := env.sim.Stats(), c.Stats()
	if st.RateLimited == 0 || st.RateLimited != simStats.RateLimited {
		t.Errorf("client saw %d 429s, emulator sent %d (want equal and > 0)", st.RateLimited, simStats.RateLimited)
	}
	if st.Writes != 12+st.RateLimited {
		t.Errorf("client sent %d writes, want 12 + %d retries", st.Writes, st.RateLimited)
	}
	t.Logf("12 concurrent writes against 3 writes/s: %d 429s, peak %d writes/s admitted", st.RateLimited, simStats.PeakWritesPerSecond())
}

// simPacing: a client paced at the emulator's own write budget. 429s are possible when
// network jitter bunches requests into one second, so they are reported, not forbidden; every
// write must land and both sides must agree on the count.
func simPacing(t *testing.T) {
	env := newSimEnv(t, attiosim.Config{Limits: attiosim.Limits{WritesPerSecond: 5}})
	c := env.client(t, env.seed.Token, Limits{WritesPerSecond: 5})
	if err := createProjects(c, "paced ", 15); err != nil {
		t.Fatal(err)
	}
	simStats, st := env.sim.Stats(), c.Stats()
	if st.RateLimited != simStats.RateLimited {
		t.Errorf("client saw %d 429s, emulator sent %d", st.RateLimited, simStats.RateLimited)
	}
	t.Logf("15 concurrent writes paced at 5/s against 5/s: %d 429s, peak %d writes/s admitted", st.RateLimited, simStats.PeakWritesPerSecond())
}
