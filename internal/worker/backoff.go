package worker

import (
	"math/rand/v2"
	"time"
)

// Backoff is exponential with jitter: attempt n waits a random time in [d/2, d] where
// d = Base·2^(n-1), capped at Max. Jitter keeps a burst of failed jobs from retrying in step.
type Backoff struct {
	Base, Max time.Duration
	Rand      func() float64 // [0,1); nil: math/rand/v2
}

// DefaultBackoff: 2 s, 4 s, 8 s ... capped at 10 minutes.
var DefaultBackoff = Backoff{Base: 2 * time.Second, Max: 10 * time.Minute}

// Delay returns the wait before attempt number attempt+1.
func (b Backoff) Delay(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	d := b.Base
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	if d > b.Max {
		d = b.Max
	}
	r := rand.Float64
	if b.Rand != nil {
		r = b.Rand
	}
	return d/2 + time.Duration(r()*float64(d/2))
}
