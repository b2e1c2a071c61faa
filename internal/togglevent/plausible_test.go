package togglevent

import (
	"errors"
	"testing"
	"time"
)

func TestPlausible(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	start := now.Add(-2 * time.Hour)
	stop := now.Add(-time.Hour)
	far := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	longStop := start.Add(400 * 24 * time.Hour)
	entry := func(edit func(*Event)) Event {
		e := Event{Model: ModelTimeEntry, Action: ActionUpdated, At: now.Add(-time.Minute),
			TimeEntry: &TimeEntry{ID: 1, WorkspaceID: 2, Start: start, Stop: &stop, Duration: 3600}}
		if edit != nil {
			edit(&e)
		}
		return e
	}
	cases := []struct {
		name string
		ev   Event
		ok   bool
	}{
		{"an ordinary update", entry(nil), true},
		{"ping", Event{IsPing: true}, true},
		{"deleted", entry(func(e *Event) { e.Action = ActionDeleted }), true},
		{"running with Toggl's -(start)", entry(func(e *Event) { e.TimeEntry.Stop = nil; e.TimeEntry.Duration = -start.Unix() }), true},
		{"running with the spec's -1", entry(func(e *Event) { e.TimeEntry.Stop = nil; e.TimeEntry.Duration = -1 }), true},
		{"clock skew of an hour", entry(func(e *Event) { e.At = now.Add(time.Hour) }), true},
		{"a project event", Event{Model: ModelProject, Action: ActionCreated, At: now}, true},
		{"unknown action", entry(func(e *Event) { e.Action = "archived" }), false},
		{"at in year 9999", entry(func(e *Event) { e.At = far }), false},
		{"at two days ahead", entry(func(e *Event) { e.At = now.Add(48 * time.Hour) }), false},
		{"duration 2^53", entry(func(e *Event) { e.TimeEntry.Duration = 1 << 53 }), false},
		{"duration over a year", entry(func(e *Event) { e.TimeEntry.Duration = 367 * 86400 }), false},
		{"running start far ahead", entry(func(e *Event) { e.TimeEntry.Stop = nil; e.TimeEntry.Duration = -(1 << 53) }), false},
		{"stop 400 days after start", entry(func(e *Event) { e.TimeEntry.Stop = &longStop }), false},
		{"project event at in year 9999", Event{Model: ModelProject, Action: ActionUpdated, At: far}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.ev.Plausible(now)
			if c.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !c.ok && (err == nil || !errors.Is(err, ErrImplausible) || !errors.Is(err, ErrMalformed)) {
				t.Fatalf("accepted or wrong error: %v", err)
			}
		})
	}
}
