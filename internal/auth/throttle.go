package auth

import (
	"sync"
	"time"
)

// Throttle limits failed logins per client: after Max failures within Window, further
// attempts are refused until the oldest failure leaves the window. It lives in memory: a
// restart forgets it, which costs an attacker a restart they cannot trigger.
type Throttle struct {
	Max    int
	Window time.Duration

	mu       sync.Mutex
	failures map[string][]time.Time
}

// NewThrottle allows max failures per window per client.
func NewThrottle(max int, window time.Duration) *Throttle {
	return &Throttle{Max: max, Window: window, failures: map[string][]time.Time{}}
}

// Allow reports whether client may try now, and if not, how long to wait. An allowed try is
// counted as a failure at once (Reset forgets it on success), so parallel attempts cannot
// slip past the limit while the password hash of each is being checked.
func (t *Throttle) Allow(client string, now time.Time) (bool, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := t.prune(client, now)
	if len(recent) < t.Max {
		t.failures[client] = append(recent, now)
		if len(t.failures) > 10_000 { // bound memory under a spray of addresses
			for k := range t.failures {
				t.prune(k, now)
			}
		}
		return true, 0
	}
	return false, recent[0].Add(t.Window).Sub(now)
}

// Reset forgets a client's failures after a successful login.
func (t *Throttle) Reset(client string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, client)
}

func (t *Throttle) prune(client string, now time.Time) []time.Time {
	list := t.failures[client]
	i := 0
	for i < len(list) && !list[i].After(now.Add(-t.Window)) {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(t.failures, client)
		return nil
	}
	t.failures[client] = list
	return list
}
