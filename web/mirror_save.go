package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/connection"
)

// mirrorSave stores which audit rows are copied to Attio's audit list.
func (h *console) mirrorSave(c *fiber.Ctx) error {
	conn, _, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Audit", "audit")
	}
	setting := c.FormValue("mirror")
	switch setting {
	case connection.MirrorOff, connection.MirrorProblems, connection.MirrorAll:
	default:
		return fiber.NewError(fiber.StatusUnprocessableEntity, fmt.Sprintf("mirror must be off, problems or all, not %q", setting))
	}
	next := conn.Settings
	next.AuditMirror = setting
	if err := h.Connections.SaveSettings(c.UserContext(), conn, next); err != nil {
		return err
	}
	h.Logger.Info("audit mirror saved", "request_id", requestIDOf(c), "connection", conn.ID, "mirror", setting)
	return redirect(c, fmt.Sprintf("/audit?conn=%d&mirror=saved", conn.ID))
}
