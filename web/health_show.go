package web

import (
	"context"
	"crypto/subtle"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// healthShow says the process is up; it touches nothing.
func (h *Handler) healthShow(c *fiber.Ctx) error {
	return c.SendString("ok")
}

// readyShow says the database is open, fully migrated and takes writes (store.Ready probes at
// most every two seconds), so an orchestrator stops routing here while it cannot.
func (h *Handler) readyShow(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := h.Store.Ready(ctx); err != nil {
		return c.Status(fiber.StatusServiceUnavailable).SendString("not ready: " + err.Error())
	}
	return c.SendString("ready")
}

// metricsAuth asks for METRICS_TOKEN as a bearer token when one is set (Prometheus:
// authorization.credentials); without it /metrics stays open, as documented.
func (h *Handler) metricsAuth(c *fiber.Ctx) error {
	if h.MetricsToken == "" {
		return c.Next()
	}
	sent, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(sent), []byte(h.MetricsToken)) != 1 {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="metrics"`)
		return c.Status(fiber.StatusUnauthorized).SendString("metrics need the bearer token set in METRICS_TOKEN")
	}
	return c.Next()
}
