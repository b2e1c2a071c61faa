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
	m, err := h.resyncModel(c, conn.ID, all)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.Resync(h.page(c, "Resync", "resync"), m))
}

// resyncModel gathers the page for a connection: its unfinished run and its recent runs.
func (h *Handler) resyncModel(c *fiber.Ctx, connID int64, all []*connection.Connection) (views.ResyncPage, error) {
	ctx, now := c.UserContext(), h.Now()
	w := resync.LastDays(resyncDefaultDays, now)
	m := views.ResyncPage{From: w.Start.Format(time.DateOnly), To: w.End.Format(time.DateOnly)}
	for _, conn := range all {
		if conn.ID == connID {
			m.Pick = resyncPick(conn, all)
			f, err := h.scheduleForm(c, conn)
			if err != nil {
				return m, err
			}
			f.Saved = c.Query("saved") == "schedule"
			m.Schedule = f
		}
	}
	if active, ok, err := resync.Active(ctx, h.Store, connID, now); err != nil {
		return m, err
	} else if ok {
		v, err := h.runView(c, active)
		if err != nil {
			return m, err
		}
		m.Active = &v
	}
	recent, err := resync.Recent(ctx, h.Store, connID, 10, now)
	if err != nil {
		return m, err
	}
	for _, p := range recent {
		m.Recent = append(m.Recent, progressView(p, now))
	}
	return m, nil
}
