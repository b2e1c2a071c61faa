package web

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/views"
)

// connectionRoutes registers the Connection pages: the list with the token form, one
// connection's choices and state, its plan, and the actions on it.
func (h *Handler) connectionRoutes(r fiber.Router) {
	r.Get("/connection", h.connectionList)
	r.Post("/connection", h.connectionCreate)
	r.Get("/connection/:id", h.connectionShow)
	r.Post("/connection/:id/plan", h.connectionPlan)
	r.Post("/connection/:id/apply", h.connectionApply)
	r.Post("/connection/:id/subscriptions", h.connectionResubscribe)
	r.Post("/connection/:id/disconnect", h.connectionDisconnect)
}

// consoleCallTimeout bounds one console action's calls to Toggl and Attio; Toggl is paced at
// one request per second, and provisioning makes about a dozen.
const consoleCallTimeout = 2 * time.Minute

// connClients loads the connection named by :id with clients for its stored tokens.
type connClients struct {
	conn  *connection.Connection
	toggl *toggl.Client
	attio *attio.Client
}

func (h *Handler) loadConnection(c *fiber.Ctx) (*connClients, error) {
	id, err := connectionID(c)
	if err != nil {
		return nil, err
	}
	conn, err := h.Connections.Get(c.UserContext(), id)
	if errors.Is(err, connection.ErrNotFound) {
		return nil, fiber.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	cc := &connClients{conn: conn}
	if cc.toggl, err = h.Clients.Toggl(c.UserContext(), conn); err != nil {
		return nil, err
	}
	if cc.attio, err = h.Clients.Attio(c.UserContext(), conn); err != nil {
		return nil, err
	}
	return cc, nil
}

// connectionID is the :id of a connection route.
func connectionID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// connectDeps is what the one connect sequence (provision.Connect) needs from the console.
func (h *Handler) connectDeps() provision.ConnectDeps {
	return provision.ConnectDeps{Conns: h.Connections, Toggl: h.Clients.TogglForToken, Attio: h.Clients.AttioForToken, PublicURL: h.PublicURL}
}

// callContext is the context for one console action's outside calls.
func callContext(c *fiber.Ctx) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.UserContext(), consoleCallTimeout)
}

// wizardChoices are the form fields shared by the plan and apply steps. choicesFrom takes
// the workspace from the form, else stored (0 on apply: provision.Connect keeps the stored
// one).
type wizardChoices struct {
	workspace      int64
	filters        provision.FilterChoice
	createProjects bool
}

func choicesFrom(c *fiber.Ctx, stored int64) wizardChoices {
	w := wizardChoices{workspace: stored, filters: provision.FilterChoice(c.FormValue("filters")),
		createProjects: c.FormValue("create_projects") == "1"}
	if id, err := strconv.ParseInt(c.FormValue("workspace"), 10, 64); err == nil && id > 0 {
		w.workspace = id
	}
	known := false
	for _, o := range provision.FilterOptions() {
		known = known || o.Choice == w.filters
	}
	if !known {
		w.filters = provision.DefaultFilterChoice
	}
	return w
}

// subscriptionRows renders the stored subscriptions (the secret stays behind).
func (h *Handler) subscriptionRows(ctx context.Context, connID int64) ([]views.SubscriptionRow, error) {
	subs, err := h.Connections.TogglSubscriptions(ctx, connID)
	if err != nil {
		return nil, err
	}
	var out []views.SubscriptionRow
	for _, s := range subs {
		if s.ID < 0 {
			continue // a secret waiting for an interrupted create
		}
		out = append(out, views.SubscriptionRow{ID: s.ID, Description: s.Description, Filters: filtersText(s.EventFilters),
			Enabled: s.Enabled, Validated: s.ValidatedAt != nil})
	}
	return out, nil
}

// filtersText shows stored JSON filters as "time_entry:*, project:*".
func filtersText(stored string) string {
	var parts []string
	for _, f := range provision.DecodeFilters(stored) {
		parts = append(parts, f.Entity+":"+f.Action)
	}
	return strings.Join(parts, ", ")
}

func resultRows(rows []provision.SubscriptionState) []views.SubscriptionRow {
	out := make([]views.SubscriptionRow, len(rows))
	for i, s := range rows {
		var parts []string
		for _, f := range s.Filters {
			parts = append(parts, f.Entity+":"+f.Action)
		}
		out[i] = views.SubscriptionRow{ID: s.ID, Description: s.Description + " (" + s.Action + ")", Filters: strings.Join(parts, ", "),
			Enabled: s.Enabled, Validated: s.Validated, Note: s.Note}
	}
	return out
}

func planRows(items []provision.PlanItem) []views.PlanRow {
	out := make([]views.PlanRow, len(items))
	for i, it := range items {
		out[i] = views.PlanRow{Kind: string(it.Kind), Where: it.Where(), Shape: it.Describe(), State: string(it.State), Note: it.Note}
	}
	return out
}
