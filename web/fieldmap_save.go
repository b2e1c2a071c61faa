package web

import (
	"context"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/views"
)

// fieldmapSave previews, saves, or saves-and-provisions an edited field map. Nothing is saved
// while a field has a problem; a map that writes attributes Attio lacks is saved only with
// "Save and create in Attio", which creates them first (provision.PlanReprovision).
func (h *console) fieldmapSave(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Field map", "fieldmap")
	}
	ctx := c.UserContext()
	k := lookupMapKind(c.FormValue("map"))
	m := parseFieldRows(c, *k.get(&conn.Settings))
	f := h.fieldMapPage(ctx, conn, all, k, m)
	action := c.FormValue("action")
	page := h.page(c, "Field map", "fieldmap")
	invalid := false
	for _, r := range f.Rows {
		invalid = invalid || len(r.Errors) > 0
	}
	if action == "preview" || action == "" {
		if invalid {
			f.Preview = &views.MapPreview{Error: "Fix the problems marked above first; the preview uses the map as edited."}
		} else {
			f.Preview = h.mapPreview(ctx, conn, k, m)
		}
		f.Missing = nil // a preview saves nothing, so nothing needs reprovisioning yet
		return render(c, fiber.StatusOK, views.FieldMap(page, f))
	}
	switch {
	case invalid:
		f.FormError = "Not saved: fix the problems marked beside the fields."
		return render(c, fiber.StatusUnprocessableEntity, views.FieldMap(page, f))
	case f.AttioError != "":
		f.FormError = "Not saved: the map could not be checked against Attio's attributes."
		return render(c, fiber.StatusUnprocessableEntity, views.FieldMap(page, f))
	case len(f.Missing) > 0 && action != "provision":
		return render(c, fiber.StatusUnprocessableEntity, views.FieldMap(page, f))
	}

	next := conn.Settings
	*k.get(&next) = m
	if len(f.Missing) == 0 {
		if err := h.Connections.SaveSettings(ctx, conn, next); err != nil {
			return err
		}
		h.Logger.Info("field map saved", "request_id", requestIDOf(c), "connection", conn.ID, "map", k.Key, "fields", len(m))
		return redirect(c, fmt.Sprintf("/fieldmap?conn=%d&map=%s&saved=1", conn.ID, k.Key))
	}
	created, err := h.reprovision(ctx, conn, next)
	if err != nil {
		f.FormError = "Not saved: " + err.Error()
		return render(c, fiber.StatusUnprocessableEntity, views.FieldMap(page, f))
	}
	h.Logger.Info("field map saved with reprovisioning", "request_id", requestIDOf(c), "connection", conn.ID, "map", k.Key, "created", created)
	return redirect(c, fmt.Sprintf("/fieldmap?conn=%d&map=%s&saved=provisioned&created=%s", conn.ID, k.Key, strconv.Itoa(created)))
}

// reprovision creates in Attio what next needs, then stores next; it returns how many
// objects, attributes and lists were created.
func (h *console) reprovision(ctx context.Context, conn *connection.Connection, next connection.Settings) (int, error) {
	ac, err := h.attioClient(ctx, conn)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*attioTimeout)
	defer cancel()
	plan, err := provision.PlanReprovision(ctx, ac, conn, next, provision.SchemaOptions{})
	if err != nil {
		return 0, fmt.Errorf("%s", provision.Explain(err))
	}
	res, err := plan.Apply(ctx, ac, h.Connections, conn, h.PublicURL)
	if err != nil {
		return len(res.Created), fmt.Errorf("%s", provision.Explain(err))
	}
	return len(res.Created), nil
}
