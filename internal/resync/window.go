package resync

import (
	"errors"
	"fmt"
	"time"
)

// Window is a range of whole days in UTC, both ends included: what Reports' start_date and
// end_date select (docs/api/toggl.md §4.5, YYYY-MM-DD).
type Window struct {
	Start time.Time // first day, 00:00 UTC
	End   time.Time // last day, 00:00 UTC
}

// day truncates t to its UTC day.
func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// LastDays is the window of the n days up to and including today.
func LastDays(n int, now time.Time) Window {
	end := day(now)
	return Window{Start: end.AddDate(0, 0, -(n - 1)), End: end}
}

// ParseWindow reads two YYYY-MM-DD dates.
func ParseWindow(from, to string) (Window, error) {
	start, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return Window{}, fmt.Errorf("the first day %q is not a date like 2025-01-31", from)
	}
	end, err := time.Parse(time.DateOnly, to)
	if err != nil {
		return Window{}, fmt.Errorf("the last day %q is not a date like 2025-01-31", to)
	}
	w := Window{Start: start, End: end}
	return w, w.Validate()
}

// Validate refuses an empty or reversed window.
func (w Window) Validate() error {
	if w.Start.IsZero() || w.End.IsZero() {
		return errors.New("choose the first and the last day")
	}
	if w.End.Before(w.Start) {
		return errors.New("the last day is before the first day")
	}
	return nil
}

// Limit is the instant after the window: the end of its last day.
func (w Window) Limit() time.Time { return w.End.AddDate(0, 0, 1) }

// Days counts the days of the window.
func (w Window) Days() int { return int(w.Limit().Sub(w.Start) / (24 * time.Hour)) }

// Contains reports whether t falls on a day of the window.
func (w Window) Contains(t time.Time) bool { return !t.Before(w.Start) && t.Before(w.Limit()) }

// Fraction is how far t lies through the window, 0..1: a run walks entries by start date,
// so this is its progress.
func (w Window) Fraction(t time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	f := float64(t.Sub(w.Start)) / float64(w.Limit().Sub(w.Start))
	return min(max(f, 0), 1)
}

func (w Window) String() string {
	return w.Start.Format(time.DateOnly) + " – " + w.End.Format(time.DateOnly)
}

func windowOf(startMs, endMs int64) Window {
	return Window{Start: time.UnixMilli(startMs).UTC(), End: time.UnixMilli(endMs).UTC()}
}
