package web

import (
	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/views"
)

// resyncCancel asks the process running the run to stop; entries already applied stay.
func (h *Handler) resyncCancel(c *fiber.Ctx) error {
	id, err := runID(c)
	if err != nil {
		return err
	}
	p, err := resync.CancelRun(c.UserContext(), h.Store, id, h.Now())
	if err != nil {
		return notFoundRun(err)
	}
	if c.Get("HX-Request") == "true" {
		return render(c, fiber.StatusOK, views.ResyncProgressPanel(h.page(c, "Resync", "resync"), progressView(p, h.Now())))
	}
	return redirect(c, "/resync/runs/"+c.Params("id"))
}
