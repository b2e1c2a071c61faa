package opsmetrics

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
)

// Chart windows: audit rows (for events) live 30 days; hours come from the entry map, which
// keeps every entry Attio holds, so their window is a choice, not a retention.
const (
	EventDays = 14
	HourDays  = 14
)

// Dashboard reads the console's home page for one connection: the figures the collector
// exports and what lies behind them, from the local database and the API clients' in-memory
// counters. Overview never calls Toggl or Attio; TogglDelivery asks Toggl, cached.
type Dashboard struct {
	Store *store.Store
	Attio connection.AttioFactory // nil: the page says this process has no Attio access
	Toggl connection.TogglFactory // should fail fast on an exhausted quota; nil: no Toggl access
	Now   func() time.Time

	delivery *deliveryCache
}

// NewDashboard makes the dashboard's reader; Toggl's view of delivery is kept 30 s and waited
// for at most 10 s.
func NewDashboard(st *store.Store, attioClients connection.AttioFactory, togglClients connection.TogglFactory, now func() time.Time) *Dashboard {
	return &Dashboard{Store: st, Attio: attioClients, Toggl: togglClients, Now: now,
		delivery: newDeliveryCache(30*time.Second, 10*time.Second)}
}

// Overview is one connection's health.
type Overview struct {
	Subscriptions []Subscription // Toggl subscriptions as stored
	Webhooks      []Webhook      // Attio webhooks as stored
	LastEvents    []LastEvent    // toggl, then attio
	Entries       int64          // time entries Attio holds now
	Queue         Queue
	Quota         Quota
	Attio         AttioUse
	Events        []DayEvents // deliveries accepted per UTC day, EventDays ending today
	Hours         []DayHours  // seconds in Attio per UTC start day, HourDays ending today
	Undated       int64       // entries whose start the entry map does not know yet
	Reconcile     resync.Reconciliation
}

// Subscription is a Toggl webhook subscription as this service stored it.
type Subscription struct {
	ID          int64
	Description string
	Enabled     bool
	ValidatedAt int64 // unix ms; 0 while not validated
}

// Webhook is an Attio webhook as this service stored it.
type Webhook struct{ ID, Status string }

// LastEvent is the newest delivery taken from one source and the newest refused (unix ms, 0
// for none).
type LastEvent struct {
	Source       string
	OK, Rejected int64
}

// Queue counts the connection's jobs.
type Queue struct {
	Queued, Running, Retrying, Waiting, Dead, Done, Skipped int64
	Next                                                    *Wait // the job waiting longest ahead; nil when none waits
}

// Wait is why a job waits, and until when (unix ms).
type Wait struct {
	Reason string
	Until  int64
}

// Quota is Toggl's hourly quota as the connection's client last saw it.
type Quota struct {
	toggl.QuotaStatus
	Blocked bool   // calls wait until BlockedUntil: the quota is used up
	Problem string // the client could not be made; the rest is unknown
}

// AttioUse is what this process's Attio client counted for the token.
type AttioUse struct {
	attio.Stats
	Problem string
}

// DayEvents is one day's accepted deliveries per source.
type DayEvents struct {
	Day      time.Time
	BySource map[string]int64
	Total    int64
}

// DayHours is one day's time held in Attio.
type DayHours struct {
	Day              time.Time
	Seconds, Entries int64
}

// Overview reads the connection's dashboard at now.
func (d *Dashboard) Overview(ctx context.Context, conn *connection.Connection, now time.Time) (Overview, error) {
	var o Overview
	var err error
	if err = d.subscriptions(ctx, conn, &o); err != nil {
		return o, err
	}
	if o.Queue, err = d.queue(ctx, conn.ID); err != nil {
		return o, err
	}
	d.limits(ctx, conn, now, &o)
	if o.Events, err = d.events(ctx, conn.ID, now); err != nil {
		return o, err
	}
	if o.Hours, o.Undated, err = d.hours(ctx, conn.ID, now); err != nil {
		return o, err
	}
	o.Reconcile, err = resync.LastReconciliation(ctx, d.Store, conn, now)
	return o, err
}

func (d *Dashboard) subscriptions(ctx context.Context, conn *connection.Connection, o *Overview) error {
	subs, err := d.Store.ListActiveTogglSubscriptions(ctx, conn.ID)
	if err != nil {
		return err
	}
	for _, s := range subs {
		o.Subscriptions = append(o.Subscriptions, Subscription{ID: s.SubscriptionID, Description: s.Description,
			Enabled: s.Enabled == 1, ValidatedAt: s.ValidatedAt.Int64})
	}
	hooks, err := d.Store.ListActiveAttioWebhooks(ctx, conn.ID)
	if err != nil {
		return err
	}
	for _, w := range hooks {
		o.Webhooks = append(o.Webhooks, Webhook{ID: w.WebhookID, Status: w.Status})
	}
	rows, err := d.Store.ConsoleLastEvents(ctx, sql.NullInt64{Int64: conn.ID, Valid: true})
	if err != nil {
		return err
	}
	o.LastEvents = lastEvents(rows)
	o.Entries, err = d.Store.CountEntryMap(ctx, conn.ID)
	return err
}

// lastEvents orders the newest deliveries per source: toggl, then attio, each present.
func lastEvents(rows []store.ConsoleLastEventsRow) []LastEvent {
	last := map[string]store.ConsoleLastEventsRow{}
	for _, r := range rows {
		last[r.Source] = r
	}
	var out []LastEvent
	for _, src := range []string{"toggl", "attio"} {
		out = append(out, LastEvent{Source: src, OK: last[src].LastOk, Rejected: last[src].LastRejected})
	}
	return out
}

func (d *Dashboard) queue(ctx context.Context, connID int64) (Queue, error) {
	rows, err := d.Store.ConsoleInboxSummary(ctx, connID)
	if err != nil {
		return Queue{}, err
	}
	q := queueOf(rows)
	if q.Waiting > 0 {
		w, err := d.Store.ConsoleNextWait(ctx, connID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return q, err
		}
		if err == nil {
			q.Next = &Wait{Reason: w.WaitReason, Until: w.NextAttemptAt}
		}
	}
	return q, nil
}

// queueOf counts jobs per status from the inbox summary.
func queueOf(rows []store.ConsoleInboxSummaryRow) Queue {
	var q Queue
	for _, r := range rows {
		switch r.Status {
		case store.StatusQueued:
			q.Queued, q.Retrying, q.Waiting = r.Jobs, r.Retrying, r.Waiting
		case store.StatusRunning:
			q.Running = r.Jobs
		case store.StatusDead:
			q.Dead = r.Jobs
		case store.StatusDone:
			q.Done = r.Jobs
		case store.StatusSkipped:
			q.Skipped = r.Jobs
		}
	}
	return q
}

// limits reads the quota and 429 counters the shared API clients keep; making a client sends
// nothing.
func (d *Dashboard) limits(ctx context.Context, conn *connection.Connection, now time.Time, o *Overview) {
	if d.Toggl == nil {
		o.Quota.Problem = "This console was started without Toggl access."
	} else if tc, err := d.Toggl(ctx, conn); err != nil {
		o.Quota.Problem = err.Error()
	} else {
		o.Quota.QuotaStatus = tc.Quota()
		o.Quota.Blocked = o.Quota.QuotaStatus.Blocked(now)
	}
	if d.Attio == nil {
		o.Attio.Problem = "this console was started without Attio access"
	} else if ac, err := d.Attio(ctx, conn); err != nil {
		o.Attio.Problem = err.Error()
	} else {
		o.Attio.Stats = ac.Stats()
	}
}

// ChartDays lists the n UTC days ending with today's.
func ChartDays(now time.Time, n int) []time.Time {
	today := now.UTC().Truncate(24 * time.Hour)
	out := make([]time.Time, n)
	for i := range out {
		out[i] = today.AddDate(0, 0, i-n+1)
	}
	return out
}

func (d *Dashboard) events(ctx context.Context, connID int64, now time.Time) ([]DayEvents, error) {
	days := ChartDays(now, EventDays)
	rows, err := d.Store.ConsoleAcceptedPerDay(ctx, store.ConsoleAcceptedPerDayParams{
		ConnectionID: sql.NullInt64{Int64: connID, Valid: true}, SinceMs: days[0].UnixMilli()})
	if err != nil {
		return nil, err
	}
	return eventsPerDay(days, rows), nil
}

// eventsPerDay lays the per-day rows (unix day numbers) over days.
func eventsPerDay(days []time.Time, rows []store.ConsoleAcceptedPerDayRow) []DayEvents {
	byDay := map[int64]map[string]int64{}
	for _, r := range rows {
		if byDay[r.Day] == nil {
			byDay[r.Day] = map[string]int64{}
		}
		byDay[r.Day][r.Source] += r.Events
	}
	out := make([]DayEvents, len(days))
	for i, day := range days {
		e := DayEvents{Day: day, BySource: byDay[day.UnixMilli()/86_400_000]}
		for _, n := range e.BySource {
			e.Total += n
		}
		out[i] = e
	}
	return out
}

// hours reads the seconds of the entries Attio holds by the UTC day they started, from the
// entry map: what a resync wrote counts as much as what a webhook did, however old, so the
// totals are those a comparison with Attio finds.
func (d *Dashboard) hours(ctx context.Context, connID int64, now time.Time) ([]DayHours, int64, error) {
	days := ChartDays(now, HourDays)
	rows, err := d.Store.ConsoleHeldSecondsPerDay(ctx, store.ConsoleHeldSecondsPerDayParams{
		ConnectionID: connID, SinceMs: days[0].UnixMilli(), UntilMs: days[len(days)-1].AddDate(0, 0, 1).UnixMilli()})
	if err != nil {
		return nil, 0, err
	}
	undated, err := d.Store.ConsoleCountEntriesWithoutStart(ctx, connID)
	if err != nil {
		return nil, 0, err
	}
	return hoursPerDay(days, rows), undated, nil
}

// hoursPerDay lays the per-day rows (unix day numbers) over days.
func hoursPerDay(days []time.Time, rows []store.ConsoleHeldSecondsPerDayRow) []DayHours {
	byDay := map[int64]store.ConsoleHeldSecondsPerDayRow{}
	for _, r := range rows {
		byDay[r.Day] = r
	}
	out := make([]DayHours, len(days))
	for i, day := range days {
		r := byDay[day.Unix()/86_400]
		out[i] = DayHours{Day: day, Seconds: r.Seconds, Entries: r.Entries}
	}
	return out
}
