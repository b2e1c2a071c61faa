package web

import (
	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/views"
)

// notConfiguredText says, per page, what is missing before the page has content.
var notConfiguredText = map[string]string{
	"connection": "No Toggl or Attio token has been connected yet.",
	"fieldmap":   "There is no field map until a connection is provisioned.",
	"rules":      "There are no eligibility rules or fallback Project until a connection exists.",
	"audit":      "No webhook deliveries have been received yet.",
	"resync":     "A resync needs a connection to read from.",
}

// pageShow serves a console page whose feature is not set up yet.
func (h *Handler) pageShow(item views.NavItem) fiber.Handler {
	return func(c *fiber.Ctx) error {
		return render(c, fiber.StatusOK, views.NotConfigured(h.page(c, item.Label, item.Key), notConfiguredText[item.Key]))
	}
}
