package views

import (
	"strings"

	"toggl-attio-sync/internal/fieldmap"
)

// FieldMapPage is the field map editor of one map of one connection.
type FieldMapPage struct {
	Pick       ConnPick
	Map        string // time_entry | project | client
	Tabs       []FieldMapTab
	TargetDesc string // where this map writes, e.g. "entries of the Attio list toggl_time_entries"
	Rows       []FieldRow
	Sources    []fieldmap.SourceInfo // the Toggl fields this map may read
	Types      []string              // Attio attribute types a field may declare
	Attributes []AttrOption          // what Attio has now, for the datalist and the type column
	AttioError string                // Attio's attributes could not be read
	// Missing lists attributes the map writes that Attio lacks: saving needs reprovisioning.
	Missing   []string
	Saved     string
	FormError string
	Preview   *MapPreview
}

// FieldMapTab is one of the three maps.
type FieldMapTab struct {
	Key, Label string
	Active     bool
}

// FieldRow is one field of the map as the form shows it, with its problems.
type FieldRow struct {
	Index                int
	Source, Target, Type string
	Errors               []string // shown beside the row
	// AttioType is the type Attio has for Target, "" when it has no such attribute.
	AttioType string
}

// AttrOption is an Attio attribute as a form offers it.
type AttrOption struct {
	Slug, Title, Type string
}

// MapPreview renders a recent real delivery through the edited map.
type MapPreview struct {
	Event string // e.g. "time_entry 42 updated, received 2024-…"
	Rows  []PreviewRow
	Error string // the map cannot render this event, or there is no event
}

// PreviewRow is one attribute the preview would write.
type PreviewRow struct {
	Target, Type, Value string
}

func (p FieldMapPage) tabURL(key string) string {
	return withConn("/fieldmap", p.Pick.Current, "map", key)
}

func rowName(field string, i int) string { return field + "_" + itoaInt(i) }

func rowErrorID(i int) string { return "row-" + itoaInt(i) + "-error" }

func rowInvalid(r FieldRow) string { return boolString(len(r.Errors) > 0) }

func hasSource(ss []fieldmap.SourceInfo, path string) bool {
	for _, s := range ss {
		if s.Path == path {
			return true
		}
	}
	return false
}

func hasString(ss []string, v string) bool {
	for _, s := range ss {
		if s == v {
			return true
		}
	}
	return false
}

func joinComma(ss []string) string { return strings.Join(ss, ", ") }
