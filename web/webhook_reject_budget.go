package web

import (
	"sync"
	"time"
)

// rejectsPerMinute bounds the audit rows refused requests write per connection: past it, a
// minute's further refusals are only counted, and one row says how many there were. Anyone
// who knows a webhook URL can send refusals; they must not be able to grow the database.
const rejectsPerMinute = 20

// rejectBudget counts refused requests per connection and minute.
type rejectBudget struct {
	mu     sync.Mutex
	minute map[int64]rejectMinute
}

type rejectMinute struct {
	start   time.Time
	written int
	dropped int
	cause   string // the last dropped request's cause
}

// take reports whether a refusal at now may write its own audit row, and a summary of an
// earlier minute's dropped refusals to write first (dropped 0: none).
func (b *rejectBudget) take(connID int64, now time.Time, cause string) (write bool, summary rejectMinute) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.minute == nil {
		b.minute = map[int64]rejectMinute{}
	}
	start := now.Truncate(time.Minute)
	m := b.minute[connID]
	if !m.start.Equal(start) {
		if m.dropped > 0 {
			summary = m
		}
		m = rejectMinute{start: start}
	}
	if m.written < rejectsPerMinute {
		m.written++
		b.minute[connID] = m
		return true, summary
	}
	m.dropped++
	m.cause = cause
	b.minute[connID] = m
	return false, summary
}
