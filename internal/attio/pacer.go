package attio

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Kind says which of Attio's two rate-limit budgets a request spends.
type Kind int

const (
	// Read covers GET and the query POSTs (records/query, entries/query).
	Read Kind = iota
	// Write covers every other POST, PUT, PATCH and DELETE.
	Write
)

func (k Kind) String() string {
	if k == Write {
		return "write"
	}
	return "read"
}

// Limits are the request budgets of one access token. Zero fields take the defaults.
type Limits struct {
	// ReadsPerSecond defaults to 100: "100 requests per second for read requests"
	// (docs/api/attio.md §6 Rate limits, DOCS rate-limiting).
	ReadsPerSecond float64
	// WritesPerSecond defaults to 25: "25 requests per second for write requests" (same line).
	WritesPerSecond float64
	// ReadBurst and WriteBurst default to 1: requests are spread evenly, so no one-second window
	// ever sees more than rate+1 requests, whatever window Attio counts in.
	ReadBurst  int
	WriteBurst int
}

// DocumentedLimits are Attio's documented budgets (docs/api/attio.md §6).
var DocumentedLimits = Limits{ReadsPerSecond: 100, WritesPerSecond: 25, ReadBurst: 1, WriteBurst: 1}

// Headroom is the share of the documented budget the pacer uses. Attio counts requests per
// window on its side; pacing at exactly the limit can land limit+1 requests in one of its
// seconds after a scheduling stall (seen against the emulator), and a 429 we cause ourselves
// is a bug. 95% keeps backfills at 95% of the limit with no self-inflicted 429.
const Headroom = 0.95

// DefaultLimits are what a client paces at unless told otherwise.
var DefaultLimits = Limits{
	ReadsPerSecond: DocumentedLimits.ReadsPerSecond * Headroom, WritesPerSecond: DocumentedLimits.WritesPerSecond * Headroom,
	ReadBurst: 1, WriteBurst: 1,
}

func (l Limits) withDefaults() Limits {
	if l.ReadsPerSecond <= 0 {
		l.ReadsPerSecond = DefaultLimits.ReadsPerSecond
	}
	if l.WritesPerSecond <= 0 {
		l.WritesPerSecond = DefaultLimits.WritesPerSecond
	}
	if l.ReadBurst <= 0 {
		l.ReadBurst = DefaultLimits.ReadBurst
	}
	if l.WriteBurst <= 0 {
		l.WriteBurst = DefaultLimits.WriteBurst
	}
	return l
}

// Stats counts what a Pacer let through. All clients sharing the pacer (one token) add to it.
type Stats struct {
	Reads       int64 // read requests sent, retries included
	Writes      int64 // write requests sent, retries included
	RateLimited int64 // 429 responses seen
}

// Pacer spaces one token's requests to its read and write budgets and holds them back after a
// 429 until the server's Retry-After. It is safe for concurrent use; share one per token.
type Pacer struct {
	clock       Clock
	read, write *rate.Limiter

	mu          sync.Mutex
	pausedUntil [2]time.Time // by Kind

	reads, writes, rateLimited atomic.Int64
}

// NewPacer builds a pacer with the given limits (zero fields take defaults) and clock
// (nil = SystemClock).
func NewPacer(l Limits, clock Clock) *Pacer {
	if clock == nil {
		clock = SystemClock{}
	}
	l = l.withDefaults()
	return &Pacer{
		clock: clock,
		read:  rate.NewLimiter(rate.Limit(l.ReadsPerSecond), l.ReadBurst),
		write: rate.NewLimiter(rate.Limit(l.WritesPerSecond), l.WriteBurst),
	}
}

// SetLimits changes the budgets in place; requests already waiting keep their reservations.
func (p *Pacer) SetLimits(l Limits) {
	l = l.withDefaults()
	now := p.clock.Now()
	p.read.SetLimitAt(now, rate.Limit(l.ReadsPerSecond))
	p.read.SetBurstAt(now, l.ReadBurst)
	p.write.SetLimitAt(now, rate.Limit(l.WritesPerSecond))
	p.write.SetBurstAt(now, l.WriteBurst)
}

func (p *Pacer) limiter(k Kind) *rate.Limiter {
	if k == Write {
		return p.write
	}
	return p.read
}

// Wait blocks until a request of kind k may be sent: first past any pause set by PauseUntil,
// then until the limiter grants a token. It returns ctx.Err() if ctx ends first.
func (p *Pacer) Wait(ctx context.Context, k Kind) error {
	for {
		now := p.clock.Now()
		p.mu.Lock()
		until := p.pausedUntil[k]
		p.mu.Unlock()
		if now.Before(until) {
			if err := p.clock.Sleep(ctx, until.Sub(now)); err != nil {
				return err
			}
			continue // a later 429 may have moved the pause further out
		}
		r := p.limiter(k).ReserveN(now, 1)
		if !r.OK() {
			return errors.New("attio: pacer burst below 1")
		}
		if d := r.DelayFrom(now); d > 0 {
			if err := p.clock.Sleep(ctx, d); err != nil {
				r.CancelAt(p.clock.Now())
				return err
			}
		}
		if k == Write {
			p.writes.Add(1)
		} else {
			p.reads.Add(1)
		}
		return nil
	}
}

// PauseUntil holds back every request of kind k until t (no earlier than any pause already
// set). The client calls it on a 429 so that all goroutines on the token back off together.
func (p *Pacer) PauseUntil(k Kind, t time.Time) {
	p.mu.Lock()
	if t.After(p.pausedUntil[k]) {
		p.pausedUntil[k] = t
	}
	p.mu.Unlock()
}

// noteRateLimited counts one 429 response.
func (p *Pacer) noteRateLimited() { p.rateLimited.Add(1) }

// Stats returns the counters so far.
func (p *Pacer) Stats() Stats {
	return Stats{Reads: p.reads.Load(), Writes: p.writes.Load(), RateLimited: p.rateLimited.Load()}
}

// sharedPacers holds one pacer per (base URL, token): Attio's limits are per token, so every
// client of that token in this process draws from the same budget.
var sharedPacers struct {
	mu sync.Mutex
	m  map[string]*Pacer
}

// SharedPacer returns the process-wide pacer for the token at baseURL, creating it with limits
// and clock on first use. A later call with non-zero limits applies them to the existing pacer
// (the latest configuration wins); zero Limits leave it as it is. The first clock stays.
func SharedPacer(baseURL, token string, l Limits, clock Clock) *Pacer {
	key := baseURL + "\x00" + token
	sharedPacers.mu.Lock()
	defer sharedPacers.mu.Unlock()
	if sharedPacers.m == nil {
		sharedPacers.m = make(map[string]*Pacer)
	}
	if p, ok := sharedPacers.m[key]; ok {
		if l != (Limits{}) {
			p.SetLimits(l)
		}
		return p
	}
	p := NewPacer(l, clock)
	sharedPacers.m[key] = p
	return p
}
