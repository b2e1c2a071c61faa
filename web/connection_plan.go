package web

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/views"
)

// connectionPlan stores the chosen workspace and shows what provisioning would do: the Attio
// schema items (reused, created, problems) and the Toggl subscriptions within the plan's
// limits. It only reads Toggl and Attio.
func (h *Handler) connectionPlan(c *fiber.Ctx) error {
	step, err := h.startProvisioning(c, "Plan")
	if step == nil {
		return err
	}
	defer step.cancel()
	cc, w, ctx := step.cc, step.w, step.ctx
	schema, err := provision.PlanAttioSchema(ctx, cc.attio, cc.conn.Settings, schemaOptions(cc, w))
	if err != nil {
		return h.resultError(c, cc, "Plan", "Reading Attio failed: "+provision.Explain(err))
	}
	limits, err := cc.toggl.WebhookLimits(ctx, w.workspace)
	if err != nil {
		return h.resultError(c, cc, "Plan", "Toggl: "+togglProblem(err))
	}
	available, err := cc.toggl.WebhookEventFilters(ctx)
	if err != nil {
		return h.resultError(c, cc, "Plan", "Toggl: "+togglProblem(err))
	}
	fp, err := provision.PlanFilters(limits, available, w.filters)
	if err != nil {
		return h.resultError(c, cc, "Plan", err.Error())
	}
	pl := views.ConnectionPlan{ID: cc.conn.ID, Name: cc.conn.Name, WorkspaceID: w.workspace, FilterChoice: string(w.filters),
		CreateProjects: w.createProjects, Schema: planRows(schema.Items), FilterNotes: fp.Notes,
		UpToDate: schema.UpToDate(), Blocking: len(schema.Problems())+len(schema.Blocked()) > 0}
	for i, s := range fp.Subscriptions {
		var parts []string
		for _, f := range s {
			parts = append(parts, f.Entity+":"+f.Action)
		}
		pl.Subscriptions = append(pl.Subscriptions, fmt.Sprintf("Subscription %d of %d: %s → %s", i+1, len(fp.Subscriptions),
			strings.Join(parts, ", "), provision.TogglCallbackURL(h.PublicURL, cc.conn.Slug)))
	}
	return render(c, fiber.StatusOK, views.ConnectionPlanPage(h.page(c, "Plan", "connection"), pl))
}

func schemaOptions(cc *connClients, w wizardChoices) provision.SchemaOptions {
	return provision.SchemaOptions{CreateProjectsObject: w.createProjects, TogglWorkspaceID: w.workspace}
}

// duplicateOf refuses a second live connection for the same pair of workspaces: both would
// write every event.
func (h *Handler) duplicateOf(c *fiber.Ctx, cc *connClients, wid int64) (string, error) {
	all, err := h.Connections.List(c.UserContext())
	if err != nil {
		return "", err
	}
	for _, o := range all {
		if o.ID != cc.conn.ID && o.Status == "active" && o.TogglWorkspaceID == wid && o.AttioWorkspaceID == cc.conn.AttioWorkspaceID {
			return fmt.Sprintf("Connection %q already syncs Toggl workspace %d with this Attio workspace. Disconnect it first, or use it.", o.Name, wid), nil
		}
	}
	return "", nil
}

func (h *Handler) resultError(c *fiber.Ctx, cc *connClients, title, msg string) error {
	return render(c, fiber.StatusUnprocessableEntity, views.ConnectionResultPage(h.page(c, title, "connection"),
		views.ConnectionResult{ID: cc.conn.ID, Name: cc.conn.Name, Title: title, Errors: []string{msg}}))
}
