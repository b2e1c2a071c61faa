package auth

import (
	"sync"
	"time"
)

// AccountBackoff slows password guessing against the one admin account from every address
// together (the per-address Throttle cannot see a spray from many addresses). After Free
// failures in a row, each further attempt must wait a delay since the last failure that
// doubles per failure up to Max. An attempt that comes too early is refused without checking
// the password, so the right password is refused for at most Max after the last wrong one.
// Failures older than Forget are forgotten; a success forgets them all.
type AccountBackoff struct {
	Free   int           // failures allowed without delay (5)
	Base   time.Duration // delay after the first failure past Free (1 s)
	Max    time.Duration // the longest delay, the most a right password can be held back (30 s)
	Forget time.Duration // a quiet spell after which failures are forgotten (15 min)

	mu       sync.Mutex
	failures int
	last     time.Time
}

// NewAccountBackoff is the console's policy: 5 free failures, then 1 s doubling to 30 s.
func NewAccountBackoff() *AccountBackoff {
	return &AccountBackoff{Free: 5, Base: time.Second, Max: 30 * time.Second, Forget: 15 * time.Minute}
}

// Wait is how long an attempt at now must still wait (0: it may go ahead).
func (b *AccountBackoff) Wait(now time.Time) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failures > 0 && now.Sub(b.last) >= b.Forget {
		b.failures = 0
	}
	over := b.failures - b.Free
	if over <= 0 {
		return 0
	}
	delay := b.Base
	for i := 1; i < over && delay < b.Max; i++ {
		delay *= 2
	}
	delay = min(delay, b.Max)
	if wait := b.last.Add(delay).Sub(now); wait > 0 {
		return wait
	}
	return 0
}

// Failed counts a wrong password at now.
func (b *AccountBackoff) Failed(now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failures > 0 && now.Sub(b.last) >= b.Forget {
		b.failures = 0
	}
	b.failures++
	b.last = now
}

// Succeeded forgets the failures.
func (b *AccountBackoff) Succeeded() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.failures = 0
}
