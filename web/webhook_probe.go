package web

import "github.com/gofiber/fiber/v2"

// webhookProbe answers GET and HEAD on a webhook URL with one line, the same for every
// connection id (it confirms nothing about which exist).
func webhookProbe(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.SendString("toggl-attio-sync webhook endpoint: deliveries are POSTed here.\n")
}
