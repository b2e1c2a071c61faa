package web

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/attioschema"
	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/views"
)

// fieldmapSave previews, saves, or saves-and-provisions an edited field map
// (inbound.FieldMapConsole.Save). Nothing is saved while a field has a problem; a map that
// writes attributes Attio lacks is saved only with "Save and create in Attio", which creates
// them first.
func (h *console) fieldmapSave(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Field map", "fieldmap")
	}
	k := attioschema.LookupMapKind(c.FormValue("map"))
	m := parseFieldRows(c, *k.Map(&conn.Settings))
	v, outcome, err := h.fields.Save(c.UserContext(), conn, k, m, mapAction(c.FormValue("action")))
	if err != nil {
		return err
	}
	page := h.page(c, "Field map", "fieldmap")
	switch outcome {
	case inbound.MapPreviewed:
		return render(c, fiber.StatusOK, views.FieldMap(page, fieldMapPage(conn, all, v)))
	case inbound.MapRefused:
		return render(c, fiber.StatusUnprocessableEntity, views.FieldMap(page, fieldMapPage(conn, all, v)))
	case inbound.MapSavedProvisioned:
		h.Logger.Info("field map saved with reprovisioning", "request_id", requestIDOf(c), "connection", conn.ID, "map", k.Key, "created", v.Created)
		return redirect(c, fmt.Sprintf("/fieldmap?conn=%d&map=%s&saved=provisioned&created=%s", conn.ID, k.Key, strconv.Itoa(v.Created)))
	}
	h.Logger.Info("field map saved", "request_id", requestIDOf(c), "connection", conn.ID, "map", k.Key, "fields", len(m))
	return redirect(c, fmt.Sprintf("/fieldmap?conn=%d&map=%s&saved=1", conn.ID, k.Key))
}
