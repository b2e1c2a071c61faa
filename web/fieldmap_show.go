package web

import (
	"context"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/views"
)

// fieldmapShow shows one of the connection's field maps, checked against Attio's attributes,
// with a preview of the newest delivery rendered through it.
func (h *console) fieldmapShow(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Field map", "fieldmap")
	}
	k := lookupMapKind(c.Query("map"))
	m := *k.get(&conn.Settings)
	f := h.fieldMapPage(c.UserContext(), conn, all, k, m)
	switch c.Query("saved") {
	case "1":
		f.Saved = "Saved. The next delivery is written by this map."
	case "provisioned":
		f.Saved = "Created the missing attributes in Attio and saved. The next delivery is written by this map."
	}
	f.Preview = h.mapPreview(c.UserContext(), conn, k, m)
	return render(c, fiber.StatusOK, views.FieldMap(h.page(c, "Field map", "fieldmap"), f))
}

// fieldMapPage builds the editor for map m of kind k, reading Attio's attribute types.
func (h *console) fieldMapPage(ctx context.Context, conn *connection.Connection, all []*connection.Connection, k mapKind, m fieldmap.Map) views.FieldMapPage {
	f := views.FieldMapPage{
		Pick:       views.ConnPick{Current: conn.ID, All: connOptions(all), Path: "/fieldmap", Keep: url.Values{"map": {k.Key}}},
		Map:        k.Key,
		Tabs:       mapTabs(k.Key),
		TargetDesc: k.describe(conn.Settings.Schema),
		Sources:    k.sources(),
		Types:      writableTypes,
	}
	types, err := h.targetTypes(ctx, conn, k, &f)
	if err != nil {
		f.AttioError = err.Error()
	}
	problems, missing := checkMap(k, m, types)
	f.Rows, f.Missing = fieldRows(m, problems, types), missing
	return f
}

// targetTypes reads the Attio attributes the map writes into and offers them in the form.
// A nil map (Attio unreachable) means "unknown": fieldmap then checks without Attio.
func (h *console) targetTypes(ctx context.Context, conn *connection.Connection, k mapKind, f *views.FieldMapPage) (map[string]string, error) {
	ac, err := h.attioClient(ctx, conn)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, attioTimeout)
	defer cancel()
	types, opts, err := attioAttributes(ctx, ac, k.Target, k.slug(conn.Settings.Schema))
	if err != nil {
		return nil, err
	}
	f.Attributes = opts
	return types, nil
}
