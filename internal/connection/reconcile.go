package connection

import (
	"fmt"
	"time"
)

// Reconciliation schedules: a run over the rolling window, repairing Attio to Toggl.
const (
	ScheduleOff    = "off"
	ScheduleDaily  = "daily" // at Hour UTC
	ScheduleHourly = "hourly"
)

// Reconcile is when a connection's scheduled reconciliation runs, over which days, and how
// much it may delete by absence before it asks a person.
type Reconcile struct {
	Schedule string `json:"schedule"`
	Hour     int    `json:"hour"` // UTC hour of the daily run, 0..23
	// WindowDays is the rolling window: today and the days before it.
	WindowDays int `json:"window_days"`
	// DeletionShare is the share of the window's entries a run may remove because Toggl no
	// longer lists them; a run that would remove more stops and asks (0..1).
	DeletionShare float64 `json:"deletion_share"`
	// Set is false until an admin saved the settings once: the defaults then apply.
	Set bool `json:"set"`
}

// Defaults of a connection's reconciliation: daily at 03:00 UTC over the last 14 days, asking
// before deleting more than 10% of them.
const (
	DefaultReconcileHour       = 3
	DefaultReconcileWindowDays = 14
	DefaultDeletionShare       = 0.10
	MaxReconcileWindowDays     = 90
)

func (r Reconcile) withDefaults() Reconcile {
	if !r.Set {
		return Reconcile{Schedule: ScheduleDaily, Hour: DefaultReconcileHour, WindowDays: DefaultReconcileWindowDays,
			DeletionShare: DefaultDeletionShare}
	}
	if r.Schedule == "" {
		r.Schedule = ScheduleDaily
	}
	if r.WindowDays <= 0 {
		r.WindowDays = DefaultReconcileWindowDays
	}
	return r
}

// Validate reports the first unusable value, naming its field.
func (r Reconcile) Validate() (field string, err error) {
	switch r.Schedule {
	case ScheduleOff, ScheduleDaily, ScheduleHourly:
	default:
		return "schedule", fmt.Errorf("choose off, daily or hourly")
	}
	if r.Hour < 0 || r.Hour > 23 {
		return "hour", fmt.Errorf("an hour of the day is 0 to 23 (UTC)")
	}
	if r.WindowDays < 1 || r.WindowDays > MaxReconcileWindowDays {
		return "window_days", fmt.Errorf("the window is 1 to %d days", MaxReconcileWindowDays)
	}
	if r.DeletionShare < 0 || r.DeletionShare > 1 {
		return "deletion_share", fmt.Errorf("a share is 0 to 100%%")
	}
	return "", nil
}

// Next is when the scheduled run after last is due; with no run yet (last zero), the first
// slot from now on, so connecting does not start one at once. Off is never.
func (r Reconcile) Next(last, now time.Time) (time.Time, bool) {
	from := last
	if from.IsZero() {
		from = now.Add(-time.Nanosecond)
	}
	from = from.UTC()
	switch r.Schedule {
	case ScheduleHourly:
		return from.Truncate(time.Hour).Add(time.Hour), true
	case ScheduleDaily:
		due := from.Truncate(24 * time.Hour).Add(time.Duration(r.Hour) * time.Hour)
		if !due.After(from) {
			due = due.AddDate(0, 0, 1)
		}
		return due, true
	}
	return time.Time{}, false
}
