package web

import (
	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/views"
)

// setupShow asks for the admin password on first run.
func (h *Handler) setupShow(c *fiber.Ctx) error {
	has, err := h.Auth.HasPassword(c.UserContext())
	if err != nil {
		return err
	}
	if has {
		return redirect(c, "/login")
	}
	return render(c, fiber.StatusOK, views.SetupPage(h.page(c, "First run", ""), h.setupForm(nil)))
}
