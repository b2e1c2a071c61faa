package web

import (
	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/views"
)

// render writes a templ component as the HTML response.
func render(c *fiber.Ctx, status int, comp templ.Component) error {
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return comp.Render(c.UserContext(), c.Response().BodyWriter())
}

// page fills the frame every console page shares.
func (h *Handler) page(c *fiber.Ctx, title, active string) views.Page {
	loggedIn, _ := c.Locals(localLoggedIn).(bool)
	return views.Page{Title: title, Active: active, CSRF: csrfToken(c), LoggedIn: loggedIn}
}

// redirect answers a normal request with 303 and an htmx request with HX-Redirect, so a
// partial swap never renders a whole page inside a fragment.
func redirect(c *fiber.Ctx, to string) error {
	if c.Get("HX-Request") == "true" {
		c.Set("HX-Redirect", to)
		return c.SendStatus(fiber.StatusOK)
	}
	return c.Redirect(to, fiber.StatusSeeOther)
}
