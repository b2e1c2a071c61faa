package web

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/views"
)

// connectionApply provisions what the plan showed: the Attio schema, the Toggl subscriptions
// (validated through this service's own endpoint) and the Attio webhook. Each part reports on
// its own; the connection becomes active once its subscriptions are live.
func (h *Handler) connectionApply(c *fiber.Ctx) error {
	step, err := h.startProvisioning(c, "Provisioning")
	if step == nil {
		return err
	}
	defer step.cancel()
	cc, w, ctx := step.cc, step.w, step.ctx
	r := views.ConnectionResult{ID: cc.conn.ID, Name: cc.conn.Name, Title: "Provisioning " + cc.conn.Name}
	_, schema, err := provision.EnsureAttioSchema(ctx, cc.attio, cc.conn.Settings, schemaOptions(cc, w))
	r.Created, r.ReusedCount, r.Problems = planRows(schema.Created), len(schema.Reused), planRows(schema.Problems)
	if err != nil {
		r.Errors = append(r.Errors, "Attio: "+provision.Explain(err))
		return h.finishApply(c, cc, r, false)
	}
	subs, err := provision.EnsureTogglSubscriptions(ctx, cc.toggl, h.Connections, cc.conn, h.PublicURL, w.filters)
	r.Subscriptions = resultRows(subs.Subscriptions)
	for _, n := range subs.Plan.Notes {
		r.Messages = append(r.Messages, "Toggl: "+n)
	}
	if err != nil {
		r.Errors = append(r.Errors, "Toggl: "+provision.Explain(err))
	}
	hook, err := provision.EnsureAttioWebhook(ctx, cc.attio, h.Connections, cc.conn, h.PublicURL)
	if err != nil {
		r.Errors = append(r.Errors, "Attio webhook: "+provision.Explain(err))
	} else {
		r.Webhook = fmt.Sprintf("%s, %s: %s → %s", hook.Action, hook.Status, joinEvents(hook.Events), hook.TargetURL)
	}
	return h.finishApply(c, cc, r, subs.AllLive())
}

func (h *Handler) finishApply(c *fiber.Ctx, cc *connClients, r views.ConnectionResult, live bool) error {
	status := "provisioning failed"
	if live {
		status = "active"
		arrived, err := h.Store.HasEvent(c.UserContext(), cc.conn.ID, "toggl")
		if err != nil {
			return err
		}
		msg := "Connected: the Toggl subscription is validated and waiting for the first event (start or edit a time entry in Toggl; the Dashboard shows when it arrives)."
		if arrived {
			msg = "Connected: Toggl events reach this service."
		}
		r.Messages = append([]string{msg}, r.Messages...)
		if err := h.Connections.SetStatus(c.UserContext(), cc.conn, "active"); err != nil {
			return err
		}
	}
	if _, err := h.Store.AddAudit(c.UserContext(), store.Audit{ConnectionID: cc.conn.ID, Source: "console", Entity: "connection",
		Status: "provisioned", Message: fmt.Sprintf("provisioning: %s; %d created in Attio, %d problem(s), %d error(s)", status, len(r.Created), len(r.Problems), len(r.Errors)),
		Detail: map[string]any{"errors": r.Errors}}, h.Now()); err != nil {
		return err
	}
	if len(r.Errors) > 0 {
		h.Logger.Warn("connection provisioning failed", "connection", cc.conn.ID, "errors", strings.Join(r.Errors, "; "), "request_id", requestIDOf(c))
	} else {
		h.Logger.Info("connection provisioned", "connection", cc.conn.ID, "live", live, "request_id", requestIDOf(c))
	}
	code := fiber.StatusOK
	if len(r.Errors) > 0 {
		code = fiber.StatusUnprocessableEntity
	}
	return render(c, code, views.ConnectionResultPage(h.page(c, r.Title, "connection"), r))
}

func joinEvents(evs []string) string {
	s := ""
	for i, e := range evs {
		if i > 0 {
			s += ", "
		}
		s += e
	}
	return s
}
