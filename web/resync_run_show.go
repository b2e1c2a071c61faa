package web

import (
	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/views"
)

// resyncRunShow serves one run's page: its progress while it runs, its summary after.
func (h *Handler) resyncRunShow(c *fiber.Ctx) error {
	p, err := h.resyncRun(c)
	if err != nil {
		return err
	}
	v, err := h.runView(c, p)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.ResyncRun(h.page(c, "Resync", "resync"), v))
}
