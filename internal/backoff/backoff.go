// Package backoff spaces the retries of something that failed transiently. It is the one
// exponential back-off with jitter of the service: the Toggl client between its own retries,
// the job queue between attempts of a job, and resync between attempts of an entry.
package backoff

import (
	"math/rand/v2"
	"time"
)

// Exponential waits d = Base·2^(n-1) after failure number n, capped at Max, and jittered into
// [d/2, d]: a burst of calls that failed together does not come back together.
type Exponential struct {
	Base, Max time.Duration
	Rand      func() float64 // [0,1); nil: math/rand/v2
}

// Delay returns the wait after failure number n (1-based; n < 1 counts as 1). Max <= 0 means
// no cap.
func (b Exponential) Delay(n int) time.Duration {
	d := b.Base
	for i := 1; i < n && (b.Max <= 0 || d < b.Max) && d < maxUncapped; i++ {
		d *= 2
	}
	if b.Max > 0 && d > b.Max {
		d = b.Max
	}
	r := rand.Float64
	if b.Rand != nil {
		r = b.Rand
	}
	half := d / 2
	return half + time.Duration(r()*float64(d-half))
}

// maxUncapped stops the doubling before it overflows when there is no Max.
const maxUncapped = time.Duration(1) << 62
