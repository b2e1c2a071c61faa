package web

import (
	"context"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/views"
)

// triggersSave stores which Attio events start outbound sync and updates the connection's
// Attio webhook to send exactly those (when it is provisioned).
func (h *console) triggersSave(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Rules", "rules")
	}
	ctx := c.UserContext()
	var events []string
	for _, v := range c.Request().PostArgs().PeekMulti("event") {
		events = append(events, string(v))
	}
	var chosen []string
	problem := ""
	for _, t := range outboundTriggers {
		if listed(events, t.Event) {
			chosen = append(chosen, t.Event)
		}
	}
	switch {
	case len(chosen) != len(events):
		problem = fmt.Sprintf("Unknown event among %q.", events)
	case len(chosen) == 0:
		problem = "Choose at least one event."
	}
	if problem != "" {
		r := h.rulesPage(ctx, conn, all, h.loadRulesContext(ctx, conn), conn.Settings.Rules)
		for i := range r.Triggers {
			r.Triggers[i].Checked = listed(events, r.Triggers[i].Event)
		}
		r.TriggerError = problem
		return render(c, fiber.StatusUnprocessableEntity, views.Rules(h.page(c, "Rules", "rules"), r))
	}
	next := conn.Settings
	next.OutboundEvents = chosen
	if err := h.Connections.SaveSettings(ctx, conn, next); err != nil {
		return err
	}
	hooks, err := h.Store.ListActiveAttioWebhooks(ctx, conn.ID)
	if err != nil {
		return err
	}
	if len(hooks) == 0 {
		return redirect(c, fmt.Sprintf("/rules?conn=%d&saved=triggers&webhook=later", conn.ID))
	}
	if err := h.updateAttioWebhook(ctx, conn); err != nil {
		r := h.rulesPage(ctx, conn, all, h.loadRulesContext(ctx, conn), conn.Settings.Rules)
		r.TriggerError = "Saved, but the Attio webhook could not be updated: " + err.Error()
		return render(c, fiber.StatusBadGateway, views.Rules(h.page(c, "Rules", "rules"), r))
	}
	h.Logger.Info("outbound triggers saved", "request_id", requestIDOf(c), "connection", conn.ID, "events", chosen)
	return redirect(c, fmt.Sprintf("/rules?conn=%d&saved=triggers", conn.ID))
}

func (h *console) updateAttioWebhook(ctx context.Context, conn *connection.Connection) error {
	ac, err := h.attioClient(ctx, conn)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, attioTimeout)
	defer cancel()
	if _, err := provision.EnsureAttioWebhook(ctx, ac, h.Connections, conn, h.PublicURL); err != nil {
		return fmt.Errorf("%s", provision.Explain(err))
	}
	return nil
}
