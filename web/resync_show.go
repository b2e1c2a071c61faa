package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/views"
)

// resyncShow serves the Resync page: the running run's live progress, or the window form.
func (h *Handler) resyncShow(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return render(c, fiber.StatusOK, views.NotConfigured(h.page(c, "Resync", "resync"), notConfiguredText["resync"]))
	}
	now := h.Now()
	ov, err := resync.LoadOverview(c.UserContext(), h.Store, conn, resyncPageSize, now)
	if err != nil {
		return err
	}
	m := resyncPage(conn, all, ov, now)
	m.Schedule.Saved = c.Query("saved") == "schedule"
	return render(c, fiber.StatusOK, views.Resync(h.page(c, "Resync", "resync"), m))
}

// resyncPageSize is how much of a connection's history the page shows.
var resyncPageSize = resync.OverviewOptions{Recent: 10, First: resyncFirstFindings}

// resyncPage lays out a connection's overview: the schedule form, its unfinished run and its
// recent runs, with the default window in the form.
func resyncPage(conn *connection.Connection, all []*connection.Connection, ov resync.Overview, now time.Time) views.ResyncPage {
	w := resync.LastDays(resyncDefaultDays, now)
	m := views.ResyncPage{From: w.Start.Format(time.DateOnly), To: w.End.Format(time.DateOnly),
		Pick: resyncPick(conn, all), Schedule: scheduleForm(conn, nextText(ov.NextDue, ov.NextOn, now))}
	if ov.Active != nil {
		v := runView(*ov.Active, now)
		m.Active = &v
	}
	for _, p := range ov.Recent {
		m.Recent = append(m.Recent, progressView(p, now))
	}
	if ov.Plan != nil {
		v := planView(conn.ID, *ov.Plan)
		m.Plan = &v
	}
	return m
}
