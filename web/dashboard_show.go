package web

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/views"
)

// Chart windows: audit rows (for events) live 30 days; hours come from the entry map, which
// keeps every entry Attio holds, so their window is a choice, not a retention.
const (
	eventDays = 14
	hourDays  = 14
)

// dashboardShow is the console's home: one connection's health from the local database and
// the API clients' own counters. Nothing on this path calls Toggl or Attio; Toggl's view of
// delivery is fetched by the page afterwards (dashboardToggl).
func (h *console) dashboardShow(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return render(c, fiber.StatusOK, views.NotConfigured(h.page(c, "Dashboard", "dashboard"),
			"No connection exists yet, so there is no sync activity to show."))
	}
	ctx := c.UserContext()
	now := h.Now()
	d := views.DashboardPage{
		Pick:       views.ConnPick{Current: conn.ID, All: connOptions(all), Path: "/", Keep: url.Values{}},
		ConnName:   conn.Name,
		ConnStatus: conn.Status,
		TogglURL:   fmt.Sprintf("/dashboard/toggl?conn=%d", conn.ID),
	}
	if err := h.fillSubscriptions(ctx, conn, &d); err != nil {
		return err
	}
	if err := h.fillQueue(ctx, conn, &d); err != nil {
		return err
	}
	h.fillLimits(ctx, conn, now, &d)
	if err := h.fillCharts(ctx, conn, now, &d); err != nil {
		return err
	}
	if err := h.fillReconcile(c, conn, &d); err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.Dashboard(h.page(c, "Dashboard", "dashboard"), d))
}

func (h *console) fillSubscriptions(ctx context.Context, conn *connection.Connection, d *views.DashboardPage) error {
	subs, err := h.Store.ListActiveTogglSubscriptions(ctx, conn.ID)
	if err != nil {
		return err
	}
	for _, s := range subs {
		sv := views.SubView{ID: s.SubscriptionID, Description: s.Description, Enabled: s.Enabled == 1}
		if s.ValidatedAt.Valid {
			sv.ValidatedAt = views.FmtMs(s.ValidatedAt.Int64)
		}
		d.Subs = append(d.Subs, sv)
	}
	hooks, err := h.Store.ListActiveAttioWebhooks(ctx, conn.ID)
	if err != nil {
		return err
	}
	for _, w := range hooks {
		d.Hooks = append(d.Hooks, views.HookView{ID: w.WebhookID, Status: w.Status})
	}
	last := map[string]store.ConsoleLastEventsRow{}
	rows, err := h.Store.ConsoleLastEvents(ctx, sql.NullInt64{Int64: conn.ID, Valid: true})
	if err != nil {
		return err
	}
	for _, r := range rows {
		last[r.Source] = r
	}
	for _, src := range []string{"toggl", "attio"} {
		e := views.LastEventView{Source: src, At: views.FmtMs(last[src].LastOk)}
		if r := last[src].LastRejected; r != 0 {
			e.Rejected = views.FmtMs(r)
		}
		d.LastEvents = append(d.LastEvents, e)
	}
	d.Entries, err = h.Store.CountEntryMap(ctx, conn.ID)
	return err
}

func (h *console) fillQueue(ctx context.Context, conn *connection.Connection, d *views.DashboardPage) error {
	rows, err := h.Store.ConsoleInboxSummary(ctx, conn.ID)
	if err != nil {
		return err
	}
	q := &d.Queue
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
	q.DeadURL = fmt.Sprintf("/audit?conn=%d&job=dead", conn.ID)
	if q.Waiting > 0 {
		w, err := h.Store.ConsoleNextWait(ctx, conn.ID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil {
			q.WaitNote = fmt.Sprintf("Waiting: %s (until %s).", w.WaitReason, views.FmtMs(w.NextAttemptAt))
		}
	}
	return nil
}

// fillLimits reads the quota and 429 counters the shared API clients keep; making a client
// sends nothing.
func (h *console) fillLimits(ctx context.Context, conn *connection.Connection, now time.Time, d *views.DashboardPage) {
	if h.Toggl == nil {
		d.Quota.Error = "This console was started without Toggl access."
	} else if tc, err := h.Toggl(ctx, conn); err != nil {
		d.Quota.Error = err.Error()
	} else {
		qs := tc.Quota()
		d.Quota = views.QuotaView{Known: qs.Known, Remaining: qs.Remaining, ResetAt: views.FmtTime(qs.ResetAt), Observed: views.FmtTime(qs.ObservedAt)}
		if qs.Blocked(now) {
			d.Quota.Blocked = "Toggl calls wait until " + views.FmtTime(qs.BlockedUntil) + ": the quota is used up."
		}
	}
	if ac, err := h.attioClient(ctx, conn); err != nil {
		d.Attio.Error = err.Error()
	} else {
		st := ac.Stats()
		d.Attio = views.AttioView{Reads: st.Reads, Writes: st.Writes, RateLimited: st.RateLimited}
	}
}

// fillCharts draws events accepted per day and hours in Attio per start day (14 days each).
func (h *console) fillCharts(ctx context.Context, conn *connection.Connection, now time.Time, d *views.DashboardPage) error {
	evDays := chartDays(now, eventDays)
	perDay, err := h.Store.ConsoleAcceptedPerDay(ctx, store.ConsoleAcceptedPerDayParams{
		ConnectionID: sql.NullInt64{Int64: conn.ID, Valid: true}, SinceMs: evDays[0].UnixMilli()})
	if err != nil {
		return err
	}
	bySource := map[int64]map[string]int64{}
	for _, r := range perDay {
		if bySource[r.Day] == nil {
			bySource[r.Day] = map[string]int64{}
		}
		bySource[r.Day][r.Source] += r.Events
	}
	var events []dayPoint
	for _, day := range evDays {
		counts := bySource[day.UnixMilli()/86_400_000]
		var total int64
		var parts []string
		for _, src := range sortedKeys(counts) {
			total += counts[src]
			parts = append(parts, fmt.Sprintf("%s %d", src, counts[src]))
		}
		title := fmt.Sprintf("%s: %d events", day.Format(time.DateOnly), total)
		if len(parts) > 0 {
			title += " (" + strings.Join(parts, ", ") + ")"
		}
		events = append(events, dayPoint{Day: day, Value: float64(total), Title: title})
	}
	d.Events = barChart("chart-events", "Deliveries accepted per day (UTC)", "events", events, formatCount)

	return h.fillHours(ctx, conn, now, d)
}

// fillHours charts the seconds of the entries Attio holds by the UTC day they started, from
// the entry map: what a resync wrote counts as much as what a webhook did, however old, so
// the totals are those a comparison with Attio finds.
func (h *console) fillHours(ctx context.Context, conn *connection.Connection, now time.Time, d *views.DashboardPage) error {
	days := chartDays(now, hourDays)
	rows, err := h.Store.ConsoleHeldSecondsPerDay(ctx, store.ConsoleHeldSecondsPerDayParams{
		ConnectionID: conn.ID, SinceMs: days[0].UnixMilli(), UntilMs: days[len(days)-1].AddDate(0, 0, 1).UnixMilli()})
	if err != nil {
		return err
	}
	undated, err := h.Store.ConsoleCountEntriesWithoutStart(ctx, conn.ID)
	if err != nil {
		return err
	}
	d.Hours = hoursChart(days, rows, undated)
	return nil
}

// hoursChart lays out the per-day rows (unix day numbers) over days; undated counts the
// entries whose start the map does not know yet.
func hoursChart(days []time.Time, rows []store.ConsoleHeldSecondsPerDayRow, undated int64) views.Chart {
	byDay := map[int64]store.ConsoleHeldSecondsPerDayRow{}
	for _, r := range rows {
		byDay[r.Day] = r
	}
	var hours []dayPoint
	for _, day := range days {
		r := byDay[day.Unix()/86_400]
		hrs := float64(r.Seconds) / 3600
		hours = append(hours, dayPoint{Day: day, Value: hrs,
			Title: fmt.Sprintf("%s: %.2f hours in Attio (%s)", day.Format(time.DateOnly), hrs, plural(r.Entries, "entry", "entries"))})
	}
	c := barChart("chart-hours", "Hours in Attio by the day the time was tracked (UTC)", "hours", hours, formatHours)
	if undated > 0 {
		// Written before the map kept starts (migration 0004): a resync over their days or
		// their next webhook dates them.
		verb := "are"
		if undated == 1 {
			verb = "is"
		}
		c.Note = fmt.Sprintf("%s written before this version %s counted after the next resync.",
			plural(undated, "entry", "entries"), verb)
	}
	return c
}

// plural is "1 entry", "3 entries".
func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
