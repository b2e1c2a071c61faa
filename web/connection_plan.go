package web

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/views"
)

// connectionPlan claims the chosen workspace (refused when another connection syncs the same
// pair) and shows what provisioning would do: the Attio schema items (reused, created,
// problems) and the Toggl subscriptions within the plan's limits. It only reads Toggl and
// Attio.
func (h *Handler) connectionPlan(c *fiber.Ctx) error {
	cc, err := h.loadConnection(c)
	if err != nil {
		return err
	}
	w := choicesFrom(c, cc.conn.TogglWorkspaceID)
	ctx, cancel := callContext(c)
	defer cancel()
	if err := provision.ClaimWorkspace(ctx, h.Connections, cc.conn, w.workspace); err != nil {
		return h.connectRefused(c, "Plan", cc.conn, err)
	}
	schema, err := provision.PlanAttioSchema(ctx, cc.attio, cc.conn.Settings,
		provision.SchemaOptions{CreateProjectsObject: w.createProjects, TogglWorkspaceID: w.workspace})
	if err != nil {
		return h.resultError(c, cc.conn, "Plan", "Reading Attio failed: "+provision.Explain(err))
	}
	limits, err := cc.toggl.WebhookLimits(ctx, w.workspace)
	if err != nil {
		return h.resultError(c, cc.conn, "Plan", "Toggl: "+provision.TogglProblem(err))
	}
	available, err := cc.toggl.WebhookEventFilters(ctx)
	if err != nil {
		return h.resultError(c, cc.conn, "Plan", "Toggl: "+provision.TogglProblem(err))
	}
	fp, err := provision.PlanFilters(limits, available, w.filters)
	if err != nil {
		return h.resultError(c, cc.conn, "Plan", err.Error())
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
