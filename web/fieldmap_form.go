package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/attioschema"
	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/views"
)

// blankRows is how many empty rows the editor offers for adding fields without JavaScript.
const blankRows = 2

// maxFormRows bounds the rows a posted form may claim.
const maxFormRows = 200

// parseFieldRows reads the editor's rows: removed and blank rows are dropped, titles of
// fields that keep their attribute are carried over for provisioning.
func parseFieldRows(c *fiber.Ctx, current fieldmap.Map) fieldmap.Map {
	return parseFieldValues(func(key string) string { return c.FormValue(key) }, current)
}

// parseFieldValues is parseFieldRows over any form lookup (pure, fuzzed).
func parseFieldValues(form func(key string) string, current fieldmap.Map) fieldmap.Map {
	n, _ := strconv.Atoi(form("rows"))
	n = min(max(n, 0), maxFormRows)
	titles := map[string]string{}
	for _, f := range current {
		titles[f.Target] = f.Title
	}
	var m fieldmap.Map
	for i := range n {
		row := strconv.Itoa(i)
		if form("remove_"+row) != "" {
			continue
		}
		f := fieldmap.Field{
			Source: strings.TrimSpace(form("source_" + row)),
			Target: strings.TrimSpace(form("target_" + row)),
			Type:   strings.TrimSpace(form("type_" + row)),
		}
		if f.Source == "" && f.Target == "" {
			continue
		}
		f.Title = titles[f.Target]
		m = append(m, f)
	}
	return m
}

// mapAction reads the editor's button: preview (or none), save, or save and create in Attio.
func mapAction(action string) inbound.MapAction {
	switch action {
	case "", "preview":
		return inbound.MapPreview
	case "provision":
		return inbound.MapProvision
	}
	return inbound.MapSave
}

// fieldMapPage lays out the editor for a checked map (inbound.FieldMapConsole's view).
func fieldMapPage(conn *connection.Connection, all []*connection.Connection, v inbound.FieldMapView) views.FieldMapPage {
	k := v.Kind
	f := views.FieldMapPage{
		Pick:       views.ConnPick{Current: conn.ID, All: connOptions(all), Path: "/fieldmap", Keep: url.Values{"map": {k.Key}}},
		Map:        k.Key,
		Tabs:       mapTabs(k.Key),
		TargetDesc: k.Describe(conn.Settings.Schema),
		Sources:    k.Sources(),
		Types:      attioschema.WritableTypes,
		Rows:       fieldRows(v.Map, v.Problems, v.Target.Types),
		Missing:    v.Missing,
		FormError:  v.FormError,
		Preview:    previewView(v.Preview),
	}
	if v.TargetErr != nil {
		f.AttioError = v.TargetErr.Error()
	}
	for _, a := range v.Target.Writable {
		f.Attributes = append(f.Attributes, views.AttrOption{Slug: a.Slug, Title: a.Title, Type: a.Type})
	}
	return f
}

// fieldRows turns a map and its problems into the editor's rows, plus blank rows to add.
func fieldRows(m fieldmap.Map, problems map[int][]string, types map[string]string) []views.FieldRow {
	rows := make([]views.FieldRow, 0, len(m)+blankRows)
	for i, f := range m {
		rows = append(rows, views.FieldRow{Index: i, Source: f.Source, Target: f.Target, Type: f.Type,
			Errors: problems[i], AttioType: types[f.Target]})
	}
	for i := range blankRows {
		rows = append(rows, views.FieldRow{Index: len(m) + i, Type: attiotype.Text})
	}
	return rows
}

func mapTabs(active string) []views.FieldMapTab {
	tabs := make([]views.FieldMapTab, len(attioschema.MapKinds))
	for i, k := range attioschema.MapKinds {
		tabs[i] = views.FieldMapTab{Key: k.Key, Label: k.Label, Active: k.Key == active}
	}
	return tabs
}
