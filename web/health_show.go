package web

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// healthShow says the process is up; it touches nothing.
func (h *Handler) healthShow(c *fiber.Ctx) error {
	return c.SendString("ok")
}

// readyShow says the database is open and fully migrated.
func (h *Handler) readyShow(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := h.Store.Ready(ctx); err != nil {
		return c.Status(fiber.StatusServiceUnavailable).SendString("not ready: " + err.Error())
	}
	return c.SendString("ready")
}
