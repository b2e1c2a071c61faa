package web

import (
	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/views"
)

// resyncCancel asks the process running the run to stop; entries already applied stay.
func (h *Handler) resyncCancel(c *fiber.Ctx) error {
	p, err := h.resyncRun(c)
	if err != nil {
		return err
	}
	if err := resync.Cancel(c.UserContext(), h.Store, p.RunID, h.Now()); err != nil {
		return err
	}
	if p, err = resync.Load(c.UserContext(), h.Store, p.RunID, h.Now()); err != nil {
		return err
	}
	if c.Get("HX-Request") == "true" {
		return render(c, fiber.StatusOK, views.ResyncProgressPanel(h.page(c, "Resync", "resync"), progressView(p, h.Now())))
	}
	return redirect(c, "/resync/runs/"+c.Params("id"))
}
