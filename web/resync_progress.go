package web

import (
	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/views"
)

// resyncProgress is the progress panel htmx polls every second; a finished run's panel no
// longer asks to be polled.
func (h *Handler) resyncProgress(c *fiber.Ctx) error {
	id, err := runID(c)
	if err != nil {
		return err
	}
	now := h.Now()
	r, err := resync.LoadRun(c.UserContext(), h.Store, id, resyncFirstFindings, now)
	if err != nil {
		return notFoundRun(err)
	}
	return render(c, fiber.StatusOK, views.ResyncProgressPanel(h.page(c, "Resync", "resync"), runView(r, now)))
}
