package backoff

import (
	"testing"
	"time"
)

func TestDelay(t *testing.T) {
	for _, tc := range []struct {
		name string
		b    Exponential
		n    int
		rand float64
		want time.Duration
	}{
		{"first failure, lowest jitter", Exponential{Base: time.Second, Max: time.Minute}, 1, 0, 500 * time.Millisecond},
		{"first failure, mid jitter", Exponential{Base: time.Second, Max: time.Minute}, 1, 0.5, 750 * time.Millisecond},
		{"n below 1 is the first failure", Exponential{Base: time.Second, Max: time.Minute}, 0, 0, 500 * time.Millisecond},
		{"doubles", Exponential{Base: time.Second, Max: time.Minute}, 4, 0, 4 * time.Second},
		{"capped, then jittered", Exponential{Base: time.Second, Max: time.Minute}, 20, 0, 30 * time.Second},
		{"top of the jitter reaches the cap", Exponential{Base: time.Second, Max: time.Minute}, 20, 1, time.Minute},
		{"no cap", Exponential{Base: time.Second}, 11, 0, 512 * time.Second},
	} {
		tc.b.Rand = func() float64 { return tc.rand }
		if got := tc.b.Delay(tc.n); got != tc.want {
			t.Errorf("%s: Delay(%d) = %v, want %v", tc.name, tc.n, got, tc.want)
		}
	}
}

func TestDelayWithoutCapDoesNotOverflow(t *testing.T) {
	b := Exponential{Base: time.Second, Rand: func() float64 { return 0.999 }}
	if d := b.Delay(1000); d < 100*365*24*time.Hour {
		t.Fatalf("Delay(1000) without a cap = %v: the doubling overflowed", d)
	}
}

// Without Rand the jitter is random but stays within [d/2, d].
func TestDelayBounds(t *testing.T) {
	b := Exponential{Base: time.Second, Max: 8 * time.Second}
	for n, d := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 9: 8 * time.Second} {
		for range 50 {
			if got := b.Delay(n); got < d/2 || got > d {
				t.Fatalf("Delay(%d) = %v outside [%v, %v]", n, got, d/2, d)
			}
		}
	}
}
