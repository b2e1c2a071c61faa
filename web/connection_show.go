package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/views"
)

// connectionShow is one connection: its workspace and event filter choices before
// provisioning, and the subscriptions and webhook it has. It reads Toggl (workspaces, webhook
// limits) and Attio (the token's workspace) so the choices are current.
func (h *Handler) connectionShow(c *fiber.Ctx) error {
	cc, err := h.loadConnection(c)
	if err != nil {
		return err
	}
	d, err := h.connectionDetail(c, cc)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.ConnectionPage(h.page(c, cc.conn.Name, "connection"), d))
}

func (h *Handler) connectionDetail(c *fiber.Ctx, cc *connClients) (views.ConnectionDetail, error) {
	conn := cc.conn
	d := views.ConnectionDetail{ID: conn.ID, Name: conn.Name, Slug: conn.Slug, Status: conn.Status, PublicURL: h.PublicURL,
		TogglUser: fmt.Sprintf("workspace %d", conn.TogglWorkspaceID), AttioWorkspace: conn.AttioWorkspaceID, CreateProjects: true}
	ctx, cancel := callContext(c)
	defer cancel()
	var err error
	if d.Subscriptions, err = h.subscriptionRows(c.UserContext(), conn.ID); err != nil {
		return d, err
	}
	hooks, err := h.Connections.AttioWebhooks(c.UserContext(), conn.ID)
	if err != nil {
		return d, err
	}
	for _, w := range hooks {
		d.Webhooks = append(d.Webhooks, views.WebhookRow{ID: w.ID, Status: w.Status})
	}
	choice, err := provision.StoredChoice(c.UserContext(), h.Connections, conn.ID)
	if err != nil {
		return d, err
	}
	for _, o := range provision.FilterOptions() {
		d.Filters = append(d.Filters, views.FilterOptionView{Value: string(o.Choice), Label: o.Label, Explain: o.Explain, Selected: o.Choice == choice})
	}

	v := provision.ViewRemote(ctx, cc.toggl, cc.attio, conn)
	if v.Problem != "" && v.Workspaces == nil {
		d.Error = v.Problem
		return d, nil
	}
	for _, w := range v.Workspaces {
		d.Workspaces = append(d.Workspaces, views.WorkspaceOption{ID: w.ID, Name: w.Name, Admin: w.Admin, Selected: w.Selected})
	}
	if v.TogglUser != "" {
		d.TogglUser, d.NotAdmin = v.TogglUser, v.NotAdmin
	}
	d.Limits = v.Limits
	if v.AttioWorkspace != "" {
		d.AttioWorkspace = v.AttioWorkspace
	}
	if v.Problem != "" {
		d.Error = v.Problem
	}
	return d, nil
}
