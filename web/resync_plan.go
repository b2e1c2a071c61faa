package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/views"
)

// resyncPlan estimates a run before it starts: Toggl requests against the quota Toggl
// reports now (GET /me/quota does not count against it), and the time it will take.
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
	var plan *views.ResyncPlan
	if werr == nil {
		ctx, cancel := callContext(c)
		defer cancel()
		var tc *toggl.Client
		if h.Toggl != nil {
			tc, _ = h.Toggl(ctx, conn) // without a client the estimate says the quota is unknown
		}
		est, err := resync.EstimateRun(ctx, h.Store, conn, tc, w, resync.EstimateOptions{}, h.Now())
		if err != nil {
			return err
		}
		v := planView(conn.ID, est)
		plan = &v
	}
	if c.Get("HX-Request") == "true" {
		if werr != nil {
			return render(c, fiber.StatusUnprocessableEntity, views.Notice("resync-plan-notice", "", werr.Error()))
		}
		return render(c, fiber.StatusOK, views.ResyncPlanPanel(pg, *plan))
	}
	m, err := h.resyncModel(c, conn.ID, all)
	if err != nil {
		return err
	}
	m.From, m.To, m.Plan = from, to, plan
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
