package web

import (
	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/views"
)

// dashboardShow is the console's home page.
func (h *Handler) dashboardShow(c *fiber.Ctx) error {
	return render(c, fiber.StatusOK, views.NotConfigured(h.page(c, "Dashboard", "dashboard"),
		"No connection exists yet, so there is no sync activity to show."))
}
