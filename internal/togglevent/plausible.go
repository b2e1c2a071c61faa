package togglevent

import (
	"fmt"
	"time"
)

// Bounds of a plausible event. A value past them is refused, not applied: an `at` in year
// 9999 made every later real update look stale, and a duration of 2^53 seconds wrote a stop
// in 2172.
const (
	// MaxFutureSkew is how far an event's change time may lie ahead of our clock.
	MaxFutureSkew = 24 * time.Hour
	// MaxDuration is the longest time entry accepted (Toggl's own limit is lower).
	MaxDuration = 366 * 24 * time.Hour
)

// ErrImplausible marks a well-formed delivery whose values cannot be true.
var ErrImplausible = fmt.Errorf("%w: implausible value", ErrMalformed)

// Plausible checks an entity event against now: a known action for a synced model, a change
// time not more than MaxFutureSkew ahead, a time entry duration within MaxDuration (a running
// entry's negative duration must not name a start in the future) and a stop that fits.
func (e Event) Plausible(now time.Time) error {
	if e.IsPing {
		return nil
	}
	switch e.Action {
	case ActionCreated, ActionUpdated, ActionDeleted:
	default:
		return fmt.Errorf("%w: action %q is not created, updated or deleted", ErrImplausible, e.Action)
	}
	if e.At.After(now.Add(MaxFutureSkew)) {
		return fmt.Errorf("%w: change time %s is more than a day ahead of now", ErrImplausible, e.At.Format(time.RFC3339))
	}
	te := e.TimeEntry
	if te == nil {
		return nil
	}
	maxSeconds := int64(MaxDuration / time.Second)
	switch {
	case te.Duration > maxSeconds:
		return fmt.Errorf("%w: duration %d s is longer than %d days", ErrImplausible, te.Duration, maxSeconds/86400)
	case te.Duration < 0 && -te.Duration > now.Add(MaxFutureSkew).Unix():
		// Running: Toggl sends −(start in Unix seconds), so the start it names cannot be ahead.
		return fmt.Errorf("%w: running duration %d names a start in the future", ErrImplausible, te.Duration)
	}
	if te.Stop != nil && !te.Start.IsZero() && te.Stop.Sub(te.Start) > MaxDuration {
		return fmt.Errorf("%w: stop %s is more than %d days after start", ErrImplausible, te.Stop.Format(time.RFC3339), maxSeconds/86400)
	}
	return nil
}
