package web

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/views"
)

// mirrorEntryCount is how many of the newest Attio audit entries are shown.
const mirrorEntryCount = 20

// mirrorEntries shows what actually is in Attio's audit list: its newest entries, read from
// Attio (a fragment for htmx, a page without JavaScript).
func (h *console) mirrorEntries(c *fiber.Ctx) error {
	conn, _, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Audit", "audit")
	}
	list := conn.Settings.Schema.AuditList
	e := views.MirrorEntries{List: list}
	ac, err := h.attioClient(c.UserContext(), conn)
	if err == nil {
		ctx, cancel := context.WithTimeout(c.UserContext(), attioTimeout)
		defer cancel()
		var entries []attio.Entry
		entries, err = ac.QueryEntries(ctx, list, attio.Query{Limit: mirrorEntryCount,
			Sorts: []attio.Sort{{Direction: "desc", Attribute: "audit_id"}}})
		for _, en := range entries {
			v := en.EntryValues
			e.Rows = append(e.Rows, views.MirrorEntry{Source: valueText(v, "source"), Entity: valueText(v, "entity"),
				Status: valueText(v, "status"), Message: valueText(v, "message"), When: entryTime(v, "occurred_at")})
		}
	}
	switch {
	case attio.IsNotFound(err):
		e.Error = "Attio has no " + list + " list yet: provision the connection's Attio schema."
	case err != nil:
		e.Error = "Attio could not be read: " + err.Error()
	}
	if c.Get("HX-Request") == "true" {
		return render(c, fiber.StatusOK, views.MirrorEntriesPart(e))
	}
	return render(c, fiber.StatusOK, views.MirrorEntriesPage(h.page(c, "Attio audit list", "audit"), e))
}

func entryTime(v attio.ValueMap, slug string) string {
	if t, ok := v.Timestamp(slug); ok {
		return views.FmtTime(t)
	}
	return ""
}
