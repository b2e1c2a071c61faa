package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/views"
)

// auditRows is the first page's live region, polled every 2 s: 204 (htmx keeps the page as
// it is) until a row newer than since matches the filter, then the fresh first page.
func (h *console) auditRows(c *fiber.Ctx) error {
	ctx := c.UserContext()
	f := parseAuditFilter(func(k string) string { return c.Query(k) })
	f.page, f.top = 0, 0
	since, _ := strconv.ParseInt(c.Query("since"), 10, 64)
	newest, err := h.Store.ConsoleAuditPage(ctx, f.pageParams(0, 1, 0))
	if err != nil {
		return err
	}
	if len(newest) == 0 || newest[0].ID <= since {
		return c.SendStatus(fiber.StatusNoContent)
	}
	names, _, err := h.connNames(c)
	if err != nil {
		return err
	}
	res, _, err := h.results(ctx, f, names)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.AuditResultsPart(res))
}
