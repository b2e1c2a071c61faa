package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/views"
)

// auditRows is the first page's live region, polled every 2 s: 204 (htmx keeps the page as
// it is) until a row newer than since matches the filter, then the fresh first page.
func (h *console) auditRows(c *fiber.Ctx) error {
	f := parseAuditFilter(func(k string) string { return c.Query(k) })
	f.page, f.top = 0, 0
	since, _ := strconv.ParseInt(c.Query("since"), 10, 64)
	p, ok, err := h.audit.Newer(c.UserContext(), f.q, since)
	if err != nil {
		return err
	}
	if !ok {
		return c.SendStatus(fiber.StatusNoContent)
	}
	return render(c, fiber.StatusOK, views.AuditResultsPart(resultsView(f, p)))
}
