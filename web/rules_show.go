package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/views"
)

// rulesShow shows the eligibility rules, fallback Project, simulator and outbound triggers;
// ?q= also runs the fallback search (the picker without JavaScript).
func (h *console) rulesShow(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Rules", "rules")
	}
	var query *string
	if q, ok := c.Queries()["q"]; ok {
		q = strings.TrimSpace(q)
		query = &q
	}
	r := rulesPage(conn, all, h.rules.Page(c.UserContext(), conn, query))
	switch c.Query("saved") {
	case "rules":
		r.Saved = "Rules saved. They apply to the next time entry delivered."
	case "fallback":
		r.Saved = "Fallback Project saved."
	case "triggers":
		r.Saved = "Outbound triggers saved."
		if c.Query("webhook") == "later" {
			r.Saved += " The Attio webhook is not provisioned yet; they take effect once it is."
		}
	}
	return render(c, fiber.StatusOK, views.Rules(h.page(c, "Rules", "rules"), r))
}
