package attiosim

import (
	"maps"
	"sync"
	"time"
)

// Stats are counters for tests and benchmarks.
type Stats struct {
	Requests    map[string]int64 // every request received, by HTTP method
	Statuses    map[int]int64    // responses by status code (faults included, dropped connections excluded)
	RateLimited int64            // 429s sent by the limiter
	Faults      map[FaultKind]int64
	// ReadsPerSecond and WritesPerSecond count requests admitted by the limiter, keyed by Unix
	// second of the Sim's clock, so a benchmark can read the rate it achieved.
	ReadsPerSecond  map[int64]int
	WritesPerSecond map[int64]int
	Writes, Reads   int64 // admitted totals
}

// PeakWritesPerSecond is the most writes admitted in any one second.
func (st Stats) PeakWritesPerSecond() int {
	peak := 0
	for _, n := range st.WritesPerSecond {
		peak = max(peak, n)
	}
	return peak
}

type stats struct {
	mu sync.Mutex
	st Stats
}

func newStats() *stats {
	return &stats{st: emptyStats()}
}

func emptyStats() Stats {
	return Stats{
		Requests: map[string]int64{}, Statuses: map[int]int64{}, Faults: map[FaultKind]int64{},
		ReadsPerSecond: map[int64]int{}, WritesPerSecond: map[int64]int{},
	}
}

func (s *stats) request(method string) {
	s.mu.Lock()
	s.st.Requests[method]++
	s.mu.Unlock()
}

func (s *stats) status(code int) {
	s.mu.Lock()
	s.st.Statuses[code]++
	s.mu.Unlock()
}

func (s *stats) admitted(write bool, now time.Time) {
	s.mu.Lock()
	if write {
		s.st.Writes++
		s.st.WritesPerSecond[now.Unix()]++
	} else {
		s.st.Reads++
		s.st.ReadsPerSecond[now.Unix()]++
	}
	s.mu.Unlock()
}

func (s *stats) rateLimited() {
	s.mu.Lock()
	s.st.RateLimited++
	s.st.Statuses[429]++
	s.mu.Unlock()
}

func (s *stats) fault(k FaultKind) {
	s.mu.Lock()
	s.st.Faults[k]++
	s.mu.Unlock()
}

// Stats returns a copy of the counters.
func (s *Sim) Stats() Stats {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	st := s.stats.st
	st.Requests = maps.Clone(st.Requests)
	st.Statuses = maps.Clone(st.Statuses)
	st.Faults = maps.Clone(st.Faults)
	st.ReadsPerSecond = maps.Clone(st.ReadsPerSecond)
	st.WritesPerSecond = maps.Clone(st.WritesPerSecond)
	return st
}

// ResetStats zeroes the counters.
func (s *Sim) ResetStats() {
	s.stats.mu.Lock()
	s.stats.st = emptyStats()
	s.stats.mu.Unlock()
}
