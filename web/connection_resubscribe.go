package web

import (
	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/views"
)

// connectionResubscribe re-reads the Toggl subscriptions and the Attio webhook: a disabled
// subscription is enabled again, an unvalidated one validated, a missing one recreated with
// the filter choice the stored ones show.
func (h *Handler) connectionResubscribe(c *fiber.Ctx) error {
	id, err := connectionID(c)
	if err != nil {
		return err
	}
	ctx, cancel := callContext(c)
	defer cancel()
	res, err := provision.Resubscribe(ctx, h.connectDeps(), id)
	if err != nil {
		return h.connectRefused(c, "Subscriptions", res.Connection, err)
	}
	r := views.ConnectionResult{Title: "Subscriptions of " + res.Connection.Name}
	if res.WebhookErr == nil {
		r.Webhook = res.Webhook.Action + ", " + res.Webhook.Status
	}
	return h.renderProvisioned(c, res, r)
}
