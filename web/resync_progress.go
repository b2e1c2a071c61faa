package web

import (
	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/views"
)

// resyncProgress is the progress panel htmx polls every second; a finished run's panel no
// longer asks to be polled.
func (h *Handler) resyncProgress(c *fiber.Ctx) error {
	p, err := h.resyncRun(c)
	if err != nil {
		return err
	}
	v, err := h.runView(c, p)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.ResyncProgressPanel(h.page(c, "Resync", "resync"), v))
}
