package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/views"
)

// resyncPlan estimates a run before it starts (resync.Plan: Toggl requests against the quota
// Toggl reports now, and the time it will take). htmx gets the estimate's panel; without
// JavaScript the whole page comes back with it.
func (h *Handler) resyncPlan(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return fiber.ErrNotFound
	}
	pg := h.page(c, "Resync", "resync")
	from, to := c.FormValue("from"), c.FormValue("to")
	w, werr := resync.ParseWindow(from, to)
	ctx, cancel := callContext(c)
	defer cancel()
	now := h.Now()
	if c.Get("HX-Request") == "true" {
		if werr != nil {
			return render(c, fiber.StatusUnprocessableEntity, views.Notice("resync-plan-notice", "", werr.Error()))
		}
		est, err := resync.Plan(ctx, h.Store, conn, h.Toggl, w, now)
		if err != nil {
			return err
		}
		return render(c, fiber.StatusOK, views.ResyncPlanPanel(pg, planView(conn.ID, est)))
	}
	o := resyncPageSize
	if werr == nil {
		o.Plan, o.Toggl = &w, h.Toggl
	}
	ov, err := resync.LoadOverview(ctx, h.Store, conn, o, now)
	if err != nil {
		return err
	}
	m := resyncPage(conn, all, ov, now)
	m.From, m.To = from, to
	m.Schedule.Saved = c.Query("saved") == "schedule"
	status := fiber.StatusOK
	if werr != nil {
		m.Problem, status = werr.Error(), fiber.StatusUnprocessableEntity
	}
	return render(c, status, views.Resync(pg, m))
}

func planView(connID int64, e resync.Estimate) views.ResyncPlan {
	return views.ResyncPlan{
		ConnID: connID, From: e.Window.Start.Format(time.DateOnly), To: e.Window.End.Format(time.DateOnly), Days: e.Window.Days(),
		Entries: e.Entries, EntriesKnown: e.EntriesKnown, Basis: e.Basis, Requests: e.Requests, NameRequests: e.NameRequests,
		ReportPages: e.ReportPages, UserRequests: e.UserRequests, QuotaKnown: e.QuotaKnown, QuotaLeft: e.QuotaRemaining,
		QuotaTotal: e.QuotaTotal, QuotaReset: views.FmtTime(e.QuotaResetAt), Pauses: e.Pauses,
		Duration: e.Duration.Round(time.Second).String(), Fits: e.Fits(), AttioReads: e.AttioReads,
	}
}
