package web

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/views"
)

// connectionApply provisions what the plan showed, through the one connect sequence
// (provision.Connect): the Attio schema, the Toggl subscriptions (validated through this
// service's own endpoint) and the Attio webhook. Each part reports on its own; the connection
// becomes active once its subscriptions are live.
func (h *Handler) connectionApply(c *fiber.Ctx) error {
	id, err := connectionID(c)
	if err != nil {
		return err
	}
	w := choicesFrom(c, 0)
	ctx, cancel := callContext(c)
	defer cancel()
	res, err := provision.Connect(ctx, h.connectDeps(), provision.ConnectInput{ConnectionID: id, TogglWorkspaceID: w.workspace,
		Filters: w.filters, CreateProjectsObject: w.createProjects})
	if err != nil {
		return h.connectRefused(c, "Provisioning", res.Connection, err)
	}
	r := views.ConnectionResult{Title: "Provisioning " + res.Connection.Name, Created: planRows(res.Schema.Created),
		ReusedCount: len(res.Schema.Reused), Problems: planRows(res.Schema.Problems)}
	if hook := res.Webhook; res.WebhookErr == nil && hook.Action != "" {
		r.Webhook = fmt.Sprintf("%s, %s: %s → %s", hook.Action, hook.Status, strings.Join(hook.Events, ", "), hook.TargetURL)
	}
	return h.renderProvisioned(c, res, r)
}

// renderProvisioned shows what Connect or Resubscribe did: 422 when a part failed.
func (h *Handler) renderProvisioned(c *fiber.Ctx, res provision.ConnectResult, r views.ConnectionResult) error {
	r.ID, r.Name = res.Connection.ID, res.Connection.Name
	r.Subscriptions = resultRows(res.Subscriptions.Subscriptions)
	r.Errors, r.Messages = res.Errors, res.Messages
	code := fiber.StatusOK
	if len(r.Errors) > 0 {
		code = fiber.StatusUnprocessableEntity
		h.Logger.Warn("connection provisioning failed", "connection", r.ID, "errors", strings.Join(r.Errors, "; "), "request_id", requestIDOf(c))
	} else {
		h.Logger.Info("connection provisioned", "connection", r.ID, "live", res.Live, "request_id", requestIDOf(c))
	}
	return render(c, code, views.ConnectionResultPage(h.page(c, r.Title, "connection"), r))
}

// connectRefused answers a connect step that stopped before provisioning: an unknown
// connection is 404, a refusal worded for the admin (e.g. a workspace pair another
// connection syncs) is shown on the result page.
func (h *Handler) connectRefused(c *fiber.Ctx, title string, conn *connection.Connection, err error) error {
	var ue *provision.UserError
	switch {
	case errors.Is(err, connection.ErrNotFound):
		return fiber.ErrNotFound
	case conn != nil && errors.As(err, &ue):
		return h.resultError(c, conn, title, ue.Message)
	}
	return err
}

// resultError is a connection step that failed before it changed anything.
func (h *Handler) resultError(c *fiber.Ctx, conn *connection.Connection, title, msg string) error {
	return render(c, fiber.StatusUnprocessableEntity, views.ConnectionResultPage(h.page(c, title, "connection"),
		views.ConnectionResult{ID: conn.ID, Name: conn.Name, Title: title, Errors: []string{msg}}))
}
