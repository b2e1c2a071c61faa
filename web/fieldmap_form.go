package web

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/views"
)

// mapKind is one of a connection's three field maps: what it reads and where it writes.
type mapKind struct {
	Key, Label string
	Entities   []string     // source entities the map can read
	Target     attio.Target // objects or lists
	slug       func(connection.Schema) string
	get        func(*connection.Settings) *fieldmap.Map
}

var mapKinds = []mapKind{
	{Key: fieldmap.EntityTimeEntry, Label: "Time entries", Target: attio.Lists,
		Entities: []string{fieldmap.EntityTimeEntry, fieldmap.EntityProject, fieldmap.EntityClient, fieldmap.EntityUser},
		slug:     func(s connection.Schema) string { return s.TimeEntriesList },
		get:      func(s *connection.Settings) *fieldmap.Map { return &s.TimeEntryMap }},
	{Key: fieldmap.EntityProject, Label: "Projects", Target: attio.Objects,
		Entities: []string{fieldmap.EntityProject},
		slug:     func(s connection.Schema) string { return s.ProjectsObject },
		get:      func(s *connection.Settings) *fieldmap.Map { return &s.ProjectMap }},
	{Key: fieldmap.EntityClient, Label: "Clients", Target: attio.Objects,
		Entities: []string{fieldmap.EntityClient},
		slug:     func(s connection.Schema) string { return s.ClientsObject },
		get:      func(s *connection.Settings) *fieldmap.Map { return &s.ClientMap }},
}

func lookupMapKind(key string) mapKind {
	for _, k := range mapKinds {
		if k.Key == key {
			return k
		}
	}
	return mapKinds[0]
}

func (k mapKind) describe(s connection.Schema) string {
	if k.Target == attio.Lists {
		return "entries of the Attio list " + k.slug(s)
	}
	return "records of the Attio object " + k.slug(s)
}

func (k mapKind) reads(entity string) bool {
	for _, e := range k.Entities {
		if e == entity {
			return true
		}
	}
	return false
}

// sources lists the Toggl fields this map may read, in the editor's order.
func (k mapKind) sources() []fieldmap.SourceInfo {
	var out []fieldmap.SourceInfo
	for _, s := range fieldmap.Sources() {
		if k.reads(s.Entity) {
			out = append(out, s)
		}
	}
	return out
}

// writableTypes are the Attio types a Toggl field can be written into (fieldmap's accepts).
var writableTypes = []string{attiotype.Text, attiotype.Number, attiotype.Currency, attiotype.Checkbox,
	attiotype.Timestamp, attiotype.Date, attiotype.Select, attiotype.Status}

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

// attioAttributes reads the attributes of a map's target: api_slug → type (archived left out,
// so writing into one reads as missing), and the options for the editor.
func attioAttributes(ctx context.Context, ac *attio.Client, target attio.Target, slug string) (map[string]string, []views.AttrOption, error) {
	attrs, err := ac.ListAttributes(ctx, target, slug, attio.ListAttributesParams{})
	if err != nil {
		return nil, nil, err
	}
	types := map[string]string{}
	var opts []views.AttrOption
	for _, a := range attrs {
		if a.IsArchived {
			continue
		}
		types[a.APISlug] = a.Type
		if a.IsWritable {
			opts = append(opts, views.AttrOption{Slug: a.APISlug, Title: a.Title, Type: a.Type})
		}
	}
	sort.Slice(opts, func(i, j int) bool { return opts[i].Slug < opts[j].Slug })
	return types, opts, nil
}

// checkMap validates m for kind k: fieldmap's own checks (with Attio's types when known) plus
// the entity check, since a project map cannot read a time entry's fields. It returns the
// problems per field index and the attributes Attio lacks.
func checkMap(k mapKind, m fieldmap.Map, types map[string]string) (problems map[int][]string, missing []string) {
	problems = map[int][]string{}
	for i, f := range m {
		if s, ok := fieldmap.LookupSource(f.Source); ok && !k.reads(s.Entity) {
			problems[i] = append(problems[i], fmt.Sprintf("the %s map cannot read %s: it is a %s field", strings.ToLower(k.Label), f.Source, strings.ReplaceAll(s.Entity, "_", " ")))
		}
	}
	for _, e := range m.Validate(types) {
		if e.Code == fieldmap.CodeMissingAttribute {
			missing = append(missing, e.Target)
			continue
		}
		problems[e.Index] = append(problems[e.Index], e.Message)
	}
	return problems, missing
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
	tabs := make([]views.FieldMapTab, len(mapKinds))
	for i, k := range mapKinds {
		tabs[i] = views.FieldMapTab{Key: k.Key, Label: k.Label, Active: k.Key == active}
	}
	return tabs
}
