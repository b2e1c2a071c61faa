package web

import (
	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/views"
)

func (h *Handler) loginShow(c *fiber.Ctx) error {
	has, err := h.Auth.HasPassword(c.UserContext())
	if err != nil {
		return err
	}
	if !has {
		return redirect(c, "/setup")
	}
	return render(c, fiber.StatusOK, views.LoginPage(h.page(c, "Log in", ""), views.LoginForm{}))
}
