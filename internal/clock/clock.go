// Package clock is the one source of time for the clients and the emulators, so tests can
// replace waiting with a clock that only counts.
package clock

import (
	"context"
	"sync"
	"time"
)

// Clock reads the time and sleeps on it. Sleep returns after d has passed on this clock, or
// early with ctx's error.
type Clock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

// System is the wall clock.
type System struct{}

// Now returns time.Now().
func (System) Now() time.Time { return time.Now() }

// Sleep waits on a timer or the context, whichever ends first.
func (System) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Manual is the one fake Clock for tests: time stands still until Advance or Set, and every
// Sleep is recorded (Sleeps, Slept), so pacing and back-off are asserted by counting, never by
// the wall clock. How Sleep treats time depends on how the clock was made:
//
//   - NewManual: Sleep moves the clock forward by d and returns at once, so a three-day
//     back-off runs instantly and leaves the clock three days later.
//   - NewBlocking: Sleep waits until Advance or Set reaches its end (or ctx ends), for tests
//     of goroutines that wait together; Waiters tells how many are asleep.
//   - Freeze (on either): Sleep leaves the time alone, so concurrent sleepers each see the
//     delay granted them from the same instant instead of adding up on one timeline.
type Manual struct {
	mu       sync.Mutex
	now      time.Time
	blocking bool
	frozen   bool
	sleeps   []time.Duration
	waiters  []*sleeper
}

type sleeper struct {
	until time.Time
	wake  chan struct{}
}

// NewManual starts a Manual clock at t whose Sleep advances it without blocking.
func NewManual(t time.Time) *Manual { return &Manual{now: t} }

// NewBlocking starts a Manual clock at t whose Sleep blocks until the clock is moved past its
// end.
func NewBlocking(t time.Time) *Manual { return &Manual{now: t, blocking: true} }

// Freeze makes Sleep record its duration and return without moving the time (NewManual) or
// block until moved (NewBlocking) as before.
func (c *Manual) Freeze() {
	c.mu.Lock()
	c.frozen = true
	c.mu.Unlock()
}

// Now returns the current manual time.
func (c *Manual) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d and wakes the sleepers whose end has come.
func (c *Manual) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(c.now.Add(d))
}

// Set moves the clock to t and wakes the sleepers whose end has come.
func (c *Manual) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(t)
}

func (c *Manual) setLocked(t time.Time) {
	c.now = t
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if w.until.After(t) {
			kept = append(kept, w)
		} else {
			close(w.wake)
		}
	}
	clear(c.waiters[len(kept):])
	c.waiters = kept
}

// Sleep records d, then advances the clock by d and returns (NewManual), or waits until the
// clock reaches now+d (NewBlocking). A done ctx returns its error at once, recording nothing.
func (c *Manual) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	if d <= 0 {
		c.mu.Unlock()
		return nil
	}
	if !c.blocking {
		if !c.frozen {
			c.now = c.now.Add(d)
		}
		c.mu.Unlock()
		return nil
	}
	s := &sleeper{until: c.now.Add(d), wake: make(chan struct{})}
	c.waiters = append(c.waiters, s)
	c.mu.Unlock()
	select {
	case <-s.wake:
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		for i, w := range c.waiters {
			if w == s {
				c.waiters = append(c.waiters[:i], c.waiters[i+1:]...)
				break
			}
		}
		c.mu.Unlock()
		return ctx.Err()
	}
}

// Sleeps returns the duration of every Sleep so far, in call order.
func (c *Manual) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// Slept returns the total of every Sleep so far.
func (c *Manual) Slept() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	var total time.Duration
	for _, d := range c.sleeps {
		total += d
	}
	return total
}

// Waiters returns how many Sleep calls are blocked (NewBlocking).
func (c *Manual) Waiters() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiters)
}
