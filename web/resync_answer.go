package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/resync"
)

// resyncAnswer confirms (remove) or declines the deletions a run stopped before; the run is
// queued again and the service resumes it at its deletions.
func (h *Handler) resyncAnswer(remove bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := runID(c)
		if err != nil {
			return err
		}
		err = resync.AnswerRun(c.UserContext(), h.Store, id, remove, h.Now())
		if errors.Is(err, resync.ErrNotWaiting) {
			return fiber.NewError(fiber.StatusConflict, "This run is not waiting for a confirmation (it may have been answered already).")
		}
		if err != nil {
			return notFoundRun(err)
		}
		return redirect(c, "/resync/runs/"+c.Params("id"))
	}
}
