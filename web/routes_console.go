package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/auditlog"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/internal/opsmetrics"
	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/views"
)

// AttioFactory returns a connection's Attio client (the workers' own, so the console's reads
// share the token's rate budget and its 429 counter).
type AttioFactory = connection.AttioFactory

// TogglFactory returns a connection's Toggl client. The console wants one that fails fast on
// an exhausted quota, so a page never waits for Toggl's hourly reset.
type TogglFactory = connection.TogglFactory

// console serves the pages an admin lives in: dashboard, field map, rules and audit. Each
// handler parses its request, makes one call to the service that owns the page, and renders
// the answer; the services are made once, here.
type console struct {
	*Handler
	dash   *opsmetrics.Dashboard    // the dashboard's figures and Toggl's view of delivery
	rules  *inbound.RulesConsole    // rules, fallback, routing simulator, outbound triggers
	fields *inbound.FieldMapConsole // the field map editor and its preview
	audit  *auditlog.History        // the audit history and its replays
}

// consoleRoutes registers the console pages on the logged-in group.
func (h *Handler) consoleRoutes(r fiber.Router) {
	deps := inbound.ConsoleDeps{Store: h.Store, Conns: h.Connections, Attio: h.Attio, Toggl: h.Toggl, Now: h.Now, Logger: h.Logger,
		Provision: &provision.Console{Attio: h.Attio, Conns: h.Connections, PublicURL: h.PublicURL}}
	c := &console{Handler: h,
		dash:   opsmetrics.NewDashboard(h.Store, h.Attio, h.Toggl, h.Now),
		rules:  inbound.NewRulesConsole(deps),
		fields: inbound.NewFieldMapConsole(deps),
		audit:  &auditlog.History{Store: h.Store, Conns: h.Connections},
	}
	r.Get("/", c.dashboardShow)
	r.Get("/dashboard/toggl", c.dashboardToggl)

	r.Get("/fieldmap", c.fieldmapShow)
	r.Post("/fieldmap", c.fieldmapSave)

	r.Get("/rules", c.rulesShow)
	r.Post("/rules", c.rulesSave)
	r.Get("/rules/fallback/search", c.fallbackSearch)
	r.Post("/rules/fallback", c.fallbackSave)
	r.Post("/rules/simulate", c.rulesSimulate)
	r.Post("/rules/triggers", c.triggersSave)

	r.Get("/audit", c.auditList)
	r.Get("/audit/rows", c.auditRows)
	r.Post("/audit/replay", c.auditReplayMatching)
	r.Post("/audit/mirror", c.mirrorSave)
	r.Get("/audit/mirror/entries", c.mirrorEntries)
	r.Get("/audit/:id<int>", c.auditDetail)
	r.Post("/audit/:id<int>/replay", c.auditReplayOne)
}

// pickConnection returns the connection a page is about, from ?conn= or the form's conn
// field, else the first connection; nil when none exists. It also returns every connection,
// for the picker.
func (h *Handler) pickConnection(c *fiber.Ctx) (*connection.Connection, []*connection.Connection, error) {
	all, err := h.Connections.List(c.UserContext())
	if err != nil || len(all) == 0 {
		return nil, all, err
	}
	want, _ := strconv.ParseInt(c.FormValue("conn", c.Query("conn")), 10, 64)
	for _, conn := range all {
		if conn.ID == want {
			return conn, all, nil
		}
	}
	return all[0], all, nil
}

// connOptions is the picker's view of the connections.
func connOptions(all []*connection.Connection) []views.ConnOption {
	out := make([]views.ConnOption, len(all))
	for i, c := range all {
		out[i] = views.ConnOption{ID: c.ID, Name: c.Name, Status: c.Status}
	}
	return out
}

// notConfigured renders a nav page's honest placeholder.
func (h *console) notConfigured(c *fiber.Ctx, title, key string) error {
	what, ok := notConfiguredText[key]
	if !ok {
		what = "No connection exists yet."
	}
	return render(c, fiber.StatusOK, views.NotConfigured(h.page(c, title, key), what))
}
