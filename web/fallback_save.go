package web

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/views"
)

// fallbackSave sets the fallback Project (re-read from Attio, so only a real Project with its
// current name is stored) or clears it.
func (h *console) fallbackSave(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Rules", "rules")
	}
	ctx := c.UserContext()
	set := c.FormValue("action") != "clear"
	if set {
		v, saved, err := h.rules.SaveFallback(ctx, conn, strings.TrimSpace(c.FormValue("record_id")))
		if err != nil {
			return err
		}
		if !saved {
			return render(c, fiber.StatusUnprocessableEntity, views.Rules(h.page(c, "Rules", "rules"), rulesPage(conn, all, v)))
		}
	} else if err := h.rules.ClearFallback(ctx, conn); err != nil {
		return err
	}
	h.Logger.Info("fallback saved", "request_id", requestIDOf(c), "connection", conn.ID, "set", set)
	return redirect(c, fmt.Sprintf("/rules?conn=%d&saved=fallback", conn.ID))
}
