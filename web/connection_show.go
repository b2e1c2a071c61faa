package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/internal/toggl"
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

	workspaces, err := cc.toggl.Workspaces(ctx)
	if err != nil {
		d.Error = "Toggl: " + togglProblem(err)
		return d, nil
	}
	for _, w := range workspaces {
		admin := w.Admin || w.Role == "admin"
		selected := w.ID == conn.TogglWorkspaceID
		if selected {
			d.TogglUser = w.Name
			d.NotAdmin = !admin
		}
		d.Workspaces = append(d.Workspaces, views.WorkspaceOption{ID: w.ID, Name: w.Name, Admin: admin, Selected: selected})
	}
	if limits, err := cc.toggl.WebhookLimits(ctx, conn.TogglWorkspaceID); err == nil {
		d.Limits = fmt.Sprintf("Toggl's plan for this workspace allows %d enabled webhook subscription(s) per user, with up to %d event filters each.",
			limits.MaxWebhooks, limits.MaxEventsPerWebhook)
	}
	if self, err := cc.attio.Self(ctx); err == nil && self.Active {
		d.AttioWorkspace = self.WorkspaceName
	} else {
		d.Error = "Attio no longer accepts the stored access token; create the connection again with a new one."
	}
	return d, nil
}

// togglProblem words a Toggl failure on the console.
func togglProblem(err error) string {
	if toggl.IsUnauthorized(err) {
		return "Toggl no longer accepts the stored API token; create the connection again with a new one."
	}
	return provision.Explain(err)
}
