package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
)

func (h *Handler) logoutSubmit(c *fiber.Ctx) error {
	if token := utils.CopyString(c.Cookies(h.cookieName(sessionCookie))); token != "" {
		if err := h.Auth.EndSession(c.UserContext(), token); err != nil {
			return err
		}
	}
	h.clearSession(c)
	h.setCSRFCookie(c)
	return redirect(c, "/login")
}
