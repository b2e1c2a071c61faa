package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/views"
)

// rulesSave stores the type and status attributes and the exclusions after checking them
// against Attio (inbound.RulesConsole.SaveRules); problems are shown beside their fields and
// nothing is saved.
func (h *console) rulesSave(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Rules", "rules")
	}
	rules := parseRulesForm(c)
	v, saved, err := h.rules.SaveRules(c.UserContext(), conn, rules)
	if err != nil {
		return err
	}
	if !saved {
		return render(c, fiber.StatusUnprocessableEntity, views.Rules(h.page(c, "Rules", "rules"), rulesPage(conn, all, v)))
	}
	h.Logger.Info("rules saved", "request_id", requestIDOf(c), "connection", conn.ID, "exclusions", len(rules.Exclusions))
	return redirect(c, fmt.Sprintf("/rules?conn=%d&saved=rules", conn.ID))
}
