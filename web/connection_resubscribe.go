package web

import (
	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/views"
)

// connectionResubscribe re-reads the Toggl subscriptions and the Attio webhook: a disabled
// subscription is enabled again, an unvalidated one validated, a missing one recreated with
// the filter choice the stored ones show.
func (h *Handler) connectionResubscribe(c *fiber.Ctx) error {
	cc, err := h.loadConnection(c)
	if err != nil {
		return err
	}
	stored, err := h.Connections.TogglSubscriptions(c.UserContext(), cc.conn.ID)
	if err != nil {
		return err
	}
	var filters [][]toggl.EventFilter
	for _, s := range stored {
		if s.ID > 0 {
			filters = append(filters, decodeFilters(s.EventFilters))
		}
	}
	ctx, cancel := callContext(c)
	defer cancel()
	r := views.ConnectionResult{ID: cc.conn.ID, Name: cc.conn.Name, Title: "Subscriptions of " + cc.conn.Name}
	subs, err := provision.EnsureTogglSubscriptions(ctx, cc.toggl, h.Connections, cc.conn, h.PublicURL, provision.ChoiceOf(filters))
	r.Subscriptions = resultRows(subs.Subscriptions)
	if err != nil {
		r.Errors = append(r.Errors, "Toggl: "+provision.Explain(err))
	}
	hook, err := provision.EnsureAttioWebhook(ctx, cc.attio, h.Connections, cc.conn, h.PublicURL)
	if err != nil {
		r.Errors = append(r.Errors, "Attio webhook: "+provision.Explain(err))
	} else {
		r.Webhook = hook.Action + ", " + hook.Status
	}
	return h.finishApply(c, cc, r, subs.AllLive())
}
