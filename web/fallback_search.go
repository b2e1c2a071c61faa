package web

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/views"
)

// fallbackSearch answers the fallback picker's search as a fragment (htmx); without
// JavaScript the form goes to /rules?q=, which shows the same results in the page.
func (h *console) fallbackSearch(c *fiber.Ctx) error {
	conn, _, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Rules", "rules")
	}
	q := strings.TrimSpace(c.Query("q"))
	if c.Get("HX-Request") != "true" {
		return redirect(c, fmt.Sprintf("/rules?conn=%d&q=%s", conn.ID, url.QueryEscape(q)))
	}
	s := searchView(h.rules.Search(c.UserContext(), conn, q))
	return render(c, fiber.StatusOK, views.FallbackResults(h.page(c, "Rules", "rules"), conn.ID, s))
}
