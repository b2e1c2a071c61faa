package web

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/resync"
)

// resyncStart queues a run; the service's resync loop executes it (the request never calls
// Toggl or Attio) and the page shows its progress.
func (h *Handler) resyncStart(c *fiber.Ctx) error {
	conn, _, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return fiber.ErrNotFound
	}
	w, err := resync.ParseWindow(c.FormValue("from"), c.FormValue("to"))
	if err != nil {
		return fiber.NewError(fiber.StatusUnprocessableEntity, err.Error())
	}
	var est resync.Estimate
	est.Requests, _ = strconv.Atoi(c.FormValue("estimate"))
	est.Entries, _ = strconv.Atoi(c.FormValue("entries"))
	mode := resync.ModeRepair
	if c.FormValue("mode") == resync.ModeCheck {
		mode = resync.ModeCheck
	}
	_, err = resync.EnqueueMode(c.UserContext(), h.Store, conn.ID, w, "console", mode, est, h.Now())
	var active *resync.ActiveError
	if err != nil && !errors.As(err, &active) {
		return err // an unfinished run is shown instead of starting a second one
	}
	return redirect(c, "/resync?conn="+strconv.FormatInt(conn.ID, 10))
}
