package web

import (
	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/auditmirror"
	"toggl-attio-sync/views"
)

// mirrorEntryCount is how many of the newest Attio audit entries are shown.
const mirrorEntryCount = 20

// mirrorEntries shows what actually is in Attio's audit list: its newest entries, read from
// Attio (auditmirror.Newest; a fragment for htmx, a page without JavaScript).
func (h *console) mirrorEntries(c *fiber.Ctx) error {
	conn, _, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Audit", "audit")
	}
	got := auditmirror.Newest(c.UserContext(), h.Attio, conn, mirrorEntryCount)
	e := views.MirrorEntries{List: got.List, Error: got.Problem}
	for _, en := range got.Entries {
		row := views.MirrorEntry{Source: en.Source, Entity: en.Entity, Status: en.Status, Message: en.Message}
		if !en.OccurredAt.IsZero() {
			row.When = views.FmtTime(en.OccurredAt)
		}
		e.Rows = append(e.Rows, row)
	}
	if c.Get("HX-Request") == "true" {
		return render(c, fiber.StatusOK, views.MirrorEntriesPart(e))
	}
	return render(c, fiber.StatusOK, views.MirrorEntriesPage(h.page(c, "Attio audit list", "audit"), e))
}
