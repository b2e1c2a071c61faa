package auth

import (
	"testing"
	"time"
)

func TestAccountBackoff(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	b := NewAccountBackoff()
	for i := range 5 {
		if w := b.Wait(t0); w != 0 {
			t.Fatalf("free failure %d waits %s", i+1, w)
		}
		b.Failed(t0)
	}
	// Failures past the free five: 1 s, 2 s, 4 s, ... capped at 30 s after the last one.
	now := t0
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second} {
		b.Failed(now)
		if got := b.Wait(now); got != want {
			t.Fatalf("after failure %d past the free ones: wait %s, want %s", i+1, got, want)
		}
		if got := b.Wait(now.Add(want)); got != 0 {
			t.Fatalf("after the delay has passed: wait %s", got)
		}
		now = now.Add(want)
	}
	// However many failures, the right password waits at most Max after the last wrong one.
	for range 100 {
		b.Failed(now)
	}
	if got := b.Wait(now); got > b.Max {
		t.Fatalf("wait %s beyond the stated maximum %s", got, b.Max)
	}
	// A quiet spell forgets; a success forgets.
	if got := b.Wait(now.Add(15 * time.Minute)); got != 0 {
		t.Fatalf("after 15 quiet minutes: wait %s", got)
	}
	for range 10 {
		b.Failed(now)
	}
	b.Succeeded()
	if got := b.Wait(now); got != 0 {
		t.Fatalf("after a success: wait %s", got)
	}
}
