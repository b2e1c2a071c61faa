package web

import (
	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/attioschema"
	"toggl-attio-sync/views"
)

// fieldmapShow shows one of the connection's field maps, checked against Attio's attributes,
// with a preview of the newest delivery rendered through it (inbound.FieldMapConsole.Page).
func (h *console) fieldmapShow(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Field map", "fieldmap")
	}
	k := attioschema.LookupMapKind(c.Query("map"))
	f := fieldMapPage(conn, all, h.fields.Page(c.UserContext(), conn, k))
	switch c.Query("saved") {
	case "1":
		f.Saved = "Saved. The next delivery is written by this map."
	case "provisioned":
		f.Saved = "Created the missing attributes in Attio and saved. The next delivery is written by this map."
	}
	return render(c, fiber.StatusOK, views.FieldMap(h.page(c, "Field map", "fieldmap"), f))
}
