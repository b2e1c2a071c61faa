package web

import (
	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/views"
)

// resyncRunShow serves one run's page: its progress while it runs, its summary after.
func (h *Handler) resyncRunShow(c *fiber.Ctx) error {
	id, err := runID(c)
	if err != nil {
		return err
	}
	now := h.Now()
	r, err := resync.LoadRun(c.UserContext(), h.Store, id, resyncFirstFindings, now)
	if err != nil {
		return notFoundRun(err)
	}
	return render(c, fiber.StatusOK, views.ResyncRun(h.page(c, "Resync", "resync"), runView(r, now)))
}
