package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/views"
)

// connectionDisconnect deletes the connection's Toggl subscriptions and Attio webhook and
// marks it disconnected. Its data (mappings, audit, what Attio holds) stays.
func (h *Handler) connectionDisconnect(c *fiber.Ctx) error {
	cc, err := h.loadConnection(c)
	if err != nil {
		return err
	}
	ctx, cancel := callContext(c)
	defer cancel()
	res, err := provision.Disconnect(ctx, cc.toggl, cc.attio, h.Connections, cc.conn, h.PublicURL)
	if err != nil {
		return err
	}
	r := views.ConnectionResult{ID: cc.conn.ID, Name: cc.conn.Name, Title: "Disconnected " + cc.conn.Name, Errors: res.Failed,
		Messages: []string{fmt.Sprintf("Deleted %d Toggl subscription(s) and %d Attio webhook(s). Local data and Attio records stay.",
			len(res.DeletedSubscriptions), len(res.DeletedWebhooks))}}
	if _, err := h.Store.AddAudit(c.UserContext(), store.Audit{ConnectionID: cc.conn.ID, Source: "console", Entity: "connection",
		Status: "disconnected", Message: r.Messages[0], Detail: map[string]any{"failed": res.Failed}}, h.Now()); err != nil {
		return err
	}
	h.Logger.Info("connection disconnected", "connection", cc.conn.ID, "request_id", requestIDOf(c))
	return render(c, fiber.StatusOK, views.ConnectionResultPage(h.page(c, r.Title, "connection"), r))
}
