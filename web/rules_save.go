package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/views"
)

// rulesSave stores the type and status attributes and the exclusions after checking them
// against Attio; problems are shown beside their fields and nothing is saved.
func (h *console) rulesSave(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Rules", "rules")
	}
	ctx := c.UserContext()
	rules := parseRulesForm(c)
	rc := h.loadRulesContext(ctx, conn)
	r := h.rulesPage(ctx, conn, all, rc, rules)
	fields, rows := checkRules(rules, rc, r.TypeChoices, r.StatusChoices)
	if rc.err != nil && len(rules.Exclusions) > 0 {
		fields["rules"] = "Not saved: Attio's options could not be read to check these rules."
	}
	if len(fields) > 0 || len(rows) > 0 {
		r.Errors = fields
		for i, msg := range rows {
			r.Exclusions[i].Error = msg
		}
		r.Problem = "Not saved: fix the problems marked below."
		return render(c, fiber.StatusUnprocessableEntity, views.Rules(h.page(c, "Rules", "rules"), r))
	}
	old := conn.Settings.Rules
	next := conn.Settings
	next.Rules = rules
	if err := h.Connections.SaveSettings(ctx, conn, next); err != nil {
		return err
	}
	if old.TypeAttribute != rules.TypeAttribute || old.StatusAttribute != rules.StatusAttribute {
		// Cached Projects carry the values of the old attributes: read them again.
		if err := inbound.InvalidateAllRoutes(ctx, h.Store, conn.ID, h.Now()); err != nil {
			return err
		}
	}
	h.Logger.Info("rules saved", "request_id", requestIDOf(c), "connection", conn.ID, "exclusions", len(rules.Exclusions))
	return redirect(c, fmt.Sprintf("/rules?conn=%d&saved=rules", conn.ID))
}
