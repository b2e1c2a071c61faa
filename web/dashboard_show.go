package web

import (
	"fmt"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/opsmetrics"
	"toggl-attio-sync/views"
)

// dashboardShow is the console's home: one connection's health from the local database and
// the API clients' own counters (opsmetrics.Dashboard.Overview). Nothing on this path calls
// Toggl or Attio; Toggl's view of delivery is fetched by the page afterwards (dashboardToggl).
func (h *console) dashboardShow(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return render(c, fiber.StatusOK, views.NotConfigured(h.page(c, "Dashboard", "dashboard"),
			"No connection exists yet, so there is no sync activity to show."))
	}
	now := h.Now()
	o, err := h.dash.Overview(c.UserContext(), conn, now)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.Dashboard(h.page(c, "Dashboard", "dashboard"), dashboardView(conn, all, o, now)))
}

// dashboardView lays out a connection's overview.
func dashboardView(conn *connection.Connection, all []*connection.Connection, o opsmetrics.Overview, now time.Time) views.DashboardPage {
	d := views.DashboardPage{
		Pick:       views.ConnPick{Current: conn.ID, All: connOptions(all), Path: "/", Keep: url.Values{}},
		ConnName:   conn.Name,
		ConnStatus: conn.Status,
		TogglURL:   fmt.Sprintf("/dashboard/toggl?conn=%d", conn.ID),
		Entries:    o.Entries,
		Events:     eventsChart(o.Events),
		Hours:      hoursChart(o.Hours, o.Undated),
		Reconcile:  reconcileView(conn, o.Reconcile, now),
	}
	for _, s := range o.Subscriptions {
		sv := views.SubView{ID: s.ID, Description: s.Description, Enabled: s.Enabled}
		if s.ValidatedAt != 0 {
			sv.ValidatedAt = views.FmtMs(s.ValidatedAt)
		}
		d.Subs = append(d.Subs, sv)
	}
	for _, w := range o.Webhooks {
		d.Hooks = append(d.Hooks, views.HookView{ID: w.ID, Status: w.Status})
	}
	for _, e := range o.LastEvents {
		ev := views.LastEventView{Source: e.Source, At: views.FmtMs(e.OK)}
		if e.Rejected != 0 {
			ev.Rejected = views.FmtMs(e.Rejected)
		}
		d.LastEvents = append(d.LastEvents, ev)
	}
	q := o.Queue
	d.Queue = views.QueueView{Queued: q.Queued, Running: q.Running, Retrying: q.Retrying, Waiting: q.Waiting,
		Dead: q.Dead, Done: q.Done, Skipped: q.Skipped, DeadURL: fmt.Sprintf("/audit?conn=%d&job=dead", conn.ID)}
	if q.Next != nil {
		d.Queue.WaitNote = fmt.Sprintf("Waiting: %s (until %s).", q.Next.Reason, views.FmtMs(q.Next.Until))
	}
	if o.Quota.Problem != "" {
		d.Quota.Error = o.Quota.Problem
	} else {
		qs := o.Quota
		d.Quota = views.QuotaView{Known: qs.Known, Remaining: qs.Remaining, ResetAt: views.FmtTime(qs.ResetAt), Observed: views.FmtTime(qs.ObservedAt)}
		if qs.Blocked {
			d.Quota.Blocked = "Toggl calls wait until " + views.FmtTime(qs.BlockedUntil) + ": the quota is used up."
		}
	}
	if o.Attio.Problem != "" {
		d.Attio.Error = o.Attio.Problem
	} else {
		d.Attio = views.AttioView{Reads: o.Attio.Reads, Writes: o.Attio.Writes, RateLimited: o.Attio.RateLimited}
	}
	return d
}
