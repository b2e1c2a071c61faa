package attioschema

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/fieldmap"
)

// MapKind is one of a connection's three field maps: what it reads and where it writes.
type MapKind struct {
	Key, Label string
	Entities   []string     // source entities the map can read
	Target     attio.Target // objects or lists
	slug       func(connection.Schema) string
	get        func(*connection.Settings) *fieldmap.Map
}

// MapKinds are the field maps in the editor's order.
var MapKinds = []MapKind{
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

// LookupMapKind returns the map named key, the time entry map for an unknown key.
func LookupMapKind(key string) MapKind {
	for _, k := range MapKinds {
		if k.Key == key {
			return k
		}
	}
	return MapKinds[0]
}

// Map is the kind's map in s.
func (k MapKind) Map(s *connection.Settings) *fieldmap.Map { return k.get(s) }

// Slug is the Attio object or list the kind's map writes into.
func (k MapKind) Slug(s connection.Schema) string { return k.slug(s) }

// Describe says where the map writes, e.g. "entries of the Attio list toggl_time_entries".
func (k MapKind) Describe(s connection.Schema) string {
	if k.Target == attio.Lists {
		return "entries of the Attio list " + k.slug(s)
	}
	return "records of the Attio object " + k.slug(s)
}

// Reads reports whether the map may read fields of entity.
func (k MapKind) Reads(entity string) bool { return slices.Contains(k.Entities, entity) }

// Sources lists the Toggl fields this map may read, in the editor's order.
func (k MapKind) Sources() []fieldmap.SourceInfo {
	var out []fieldmap.SourceInfo
	for _, s := range fieldmap.Sources() {
		if k.Reads(s.Entity) {
			out = append(out, s)
		}
	}
	return out
}

// WritableTypes are the Attio types a Toggl field can be written into (fieldmap's accepts).
var WritableTypes = []string{attiotype.Text, attiotype.Number, attiotype.Currency, attiotype.Checkbox,
	attiotype.Timestamp, attiotype.Date, attiotype.Select, attiotype.Status}

// Target is what Attio has where a map writes.
type Target struct {
	Types    map[string]string // api_slug → type of each live attribute (archived left out, so writing into one reads as missing)
	Writable []Attribute       // the attributes a field may write, by slug
}

// Target reads the attributes of the map's target. An error means "unknown": fieldmap then
// checks without Attio's types.
func (r *Reader) Target(ctx context.Context, conn *connection.Connection, k MapKind) (Target, error) {
	ac, err := r.client(ctx, conn)
	if err != nil {
		return Target{}, err
	}
	ctx, cancel := r.step(ctx)
	defer cancel()
	attrs, err := ac.ListAttributes(ctx, k.Target, k.slug(conn.Settings.Schema), attio.ListAttributesParams{})
	if err != nil {
		return Target{}, err
	}
	return targetOf(attrs), nil
}

func targetOf(attrs []attio.Attribute) Target {
	t := Target{Types: map[string]string{}}
	for _, a := range attrs {
		if a.IsArchived {
			continue
		}
		t.Types[a.APISlug] = a.Type
		if a.IsWritable {
			t.Writable = append(t.Writable, Attribute{Slug: a.APISlug, Title: a.Title, Type: a.Type})
		}
	}
	sort.Slice(t.Writable, func(i, j int) bool { return t.Writable[i].Slug < t.Writable[j].Slug })
	return t
}

// CheckMap validates m for kind k: fieldmap's own checks (with Attio's types when known, nil
// when not) plus the entity check, since a project map cannot read a time entry's fields. It
// returns the problems per field index and the attributes Attio lacks.
func CheckMap(k MapKind, m fieldmap.Map, types map[string]string) (problems map[int][]string, missing []string) {
	problems = map[int][]string{}
	for i, f := range m {
		if s, ok := fieldmap.LookupSource(f.Source); ok && !k.Reads(s.Entity) {
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
