package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/views"
)

// triggersSave stores which Attio events start outbound sync and updates the connection's
// Attio webhook to send exactly those, when it is provisioned (inbound.RulesConsole.
// SaveTriggers).
func (h *console) triggersSave(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Rules", "rules")
	}
	var events []string
	for _, v := range c.Request().PostArgs().PeekMulti("event") {
		events = append(events, string(v))
	}
	v, outcome, err := h.rules.SaveTriggers(c.UserContext(), conn, events)
	if err != nil {
		return err
	}
	switch outcome {
	case inbound.TriggersRefused:
		return render(c, fiber.StatusUnprocessableEntity, views.Rules(h.page(c, "Rules", "rules"), rulesPage(conn, all, v)))
	case inbound.TriggersWebhookFailed:
		return render(c, fiber.StatusBadGateway, views.Rules(h.page(c, "Rules", "rules"), rulesPage(conn, all, v)))
	case inbound.TriggersSavedForLater:
		return redirect(c, fmt.Sprintf("/rules?conn=%d&saved=triggers&webhook=later", conn.ID))
	}
	h.Logger.Info("outbound triggers saved", "request_id", requestIDOf(c), "connection", conn.ID, "events", conn.Settings.OutboundEvents)
	return redirect(c, fmt.Sprintf("/rules?conn=%d&saved=triggers", conn.ID))
}
