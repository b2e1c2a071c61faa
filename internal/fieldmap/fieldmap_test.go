package fieldmap

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"toggl-attio-sync/internal/attiotype"
)

func TestDefaultMapsAreValid(t *testing.T) {
	for name, m := range map[string]Map{"time entry": DefaultTimeEntryMap(), "project": DefaultProjectMap(), "client": DefaultClientMap()} {
		if errs := m.Validate(nil); errs != nil {
			t.Errorf("%s: %v", name, errs)
		}
		// Against exactly the attributes provisioning would create, nothing is missing.
		types := map[string]string{}
		for _, a := range AttributesNeeded(m) {
			types[a.Slug] = a.Type
		}
		if errs := m.Validate(types); errs != nil {
			t.Errorf("%s against its own attributes: %v", name, errs)
		}
	}
}

// The default time entry map holds every attribute the product promises, in slug form.
func TestDefaultTimeEntryMapCoversTheProductList(t *testing.T) {
	want := []string{"description", "duration_seconds", "duration_hours", "billable", "start", "stop", "running",
		"toggl_project_id", "toggl_project_name", "toggl_client_id", "toggl_client_name", "toggl_user_id",
		"toggl_user_name", "tags", "toggl_time_entry_id"}
	have := map[string]bool{}
	for _, f := range DefaultTimeEntryMap() {
		have[f.Target] = true
	}
	for _, slug := range want {
		if !have[slug] {
			t.Errorf("default map lacks %s", slug)
		}
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name   string
		m      Map
		types  map[string]string
		codes  []string
		msgHas string
	}{
		{"boolean into timestamp", Map{{Source: "time_entry.billable", Target: "start", Type: attiotype.Timestamp}}, nil,
			[]string{CodeIncompatible}, "time_entry.billable is a boolean; it cannot go into a timestamp attribute"},
		{"text into number", Map{{Source: "time_entry.description", Target: "d", Type: attiotype.Number}}, nil,
			[]string{CodeIncompatible}, "is text"},
		{"time into checkbox", Map{{Source: "time_entry.start", Target: "s", Type: attiotype.Checkbox}}, nil,
			[]string{CodeIncompatible}, "a point in time"},
		{"tags into status", Map{{Source: "time_entry.tags", Target: "s", Type: attiotype.Status}}, nil,
			[]string{CodeIncompatible}, "a list of texts"},
		{"unknown source", Map{{Source: "time_entry.colour", Target: "c", Type: attiotype.Text}}, nil,
			[]string{CodeUnknownSource}, "not a Toggl field"},
		{"upper-case target", Map{{Source: "time_entry.id", Target: "Toggl_ID", Type: attiotype.Number}}, nil,
			[]string{CodeBadTarget}, "api_slug"},
		{"empty target", Map{{Source: "time_entry.id", Type: attiotype.Number}}, nil, []string{CodeBadTarget}, ""},
		{"digit first", Map{{Source: "time_entry.id", Target: "1st", Type: attiotype.Number}}, nil, []string{CodeBadTarget}, ""},
		{"duplicate target", Map{
			{Source: "time_entry.id", Target: "id", Type: attiotype.Number},
			{Source: "project.id", Target: "id", Type: attiotype.Number},
		}, nil, []string{CodeDuplicateTarget}, "already written by field #1"},
		{"unknown type", Map{{Source: "time_entry.id", Target: "id", Type: "integer"}}, nil, []string{CodeUnknownType}, ""},
		{"unsupported type", Map{{Source: "client.name", Target: "company", Type: attiotype.RecordReference}}, nil,
			[]string{CodeUnsupportedType}, "record-reference attributes cannot be filled"},
		{"missing in attio", Map{{Source: "time_entry.id", Target: "toggl_time_entry_id", Type: attiotype.Number}}, map[string]string{},
			[]string{CodeMissingAttribute}, "provisioning will create it"},
		{"attio type differs but fits", Map{{Source: "time_entry.id", Target: "tid", Type: attiotype.Number}}, map[string]string{"tid": attiotype.Text},
			[]string{CodeTypeMismatch}, "is a text attribute, not number"},
		{"attio type differs and does not fit", Map{{Source: "time_entry.billable", Target: "b", Type: attiotype.Checkbox}}, map[string]string{"b": attiotype.Timestamp},
			[]string{CodeTypeMismatch}, "cannot go into a timestamp"},
		{"several problems reported together", Map{
			{Source: "nope", Target: "ok", Type: attiotype.Text},
			{Source: "time_entry.running", Target: "Bad", Type: attiotype.Number},
		}, nil, []string{CodeUnknownSource, CodeBadTarget, CodeIncompatible}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			errs := c.m.Validate(c.types)
			var codes []string
			for _, e := range errs {
				codes = append(codes, e.Code)
			}
			if !reflect.DeepEqual(codes, c.codes) {
				t.Fatalf("codes = %v, want %v (%v)", codes, c.codes, errs)
			}
			if c.msgHas != "" && !strings.Contains(errs[0].Message, c.msgHas) {
				t.Fatalf("message %q lacks %q", errs[0].Message, c.msgHas)
			}
		})
	}
	errs := Map{{Source: "a"}, {Source: "time_entry.id", Target: "x", Type: attiotype.Number}, {Source: "b", Target: "y", Type: attiotype.Text}}.Validate(nil)
	if errs[len(errs)-1].Index != 2 || !strings.HasPrefix(errs[len(errs)-1].Error(), "field #3 (b → y)") {
		t.Fatalf("index/error text: %+v %q", errs[len(errs)-1], errs[len(errs)-1].Error())
	}
}

func TestCompatibleEveryKindFitsText(t *testing.T) {
	for _, s := range Sources() {
		if !Compatible(s.Kind, attiotype.Text) {
			t.Errorf("%s (%s) does not fit text", s.Path, s.Kind)
		}
		if Compatible(s.Kind, attiotype.RecordReference) || Compatible(s.Kind, "bogus") {
			t.Errorf("%s fits a type nothing can fill", s.Path)
		}
	}
}

func TestSourcesAreUniqueAndLookup(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Sources() {
		if seen[s.Path] || s.Title == "" || !strings.HasPrefix(s.Path, s.Entity+".") {
			t.Errorf("bad catalogue entry %+v", s)
		}
		seen[s.Path] = true
		if got, ok := LookupSource(s.Path); !ok || got != s {
			t.Errorf("LookupSource(%s) = %+v %v", s.Path, got, ok)
		}
	}
	if _, ok := LookupSource("time_entry.nope"); ok {
		t.Fatal("found an unknown source")
	}
}

func TestAttributesNeeded(t *testing.T) {
	got := AttributesNeeded(DefaultTimeEntryMap())
	if len(got) != len(DefaultTimeEntryMap()) {
		t.Fatalf("%d attributes", len(got))
	}
	if got[0] != (Attribute{Slug: "toggl_time_entry_id", Type: attiotype.Number, Title: "Toggl time entry ID"}) {
		t.Fatalf("first = %+v", got[0])
	}
	m := Map{
		{Source: "time_entry.tags", Target: "tags", Type: attiotype.Select},
		{Source: "time_entry.tags", Target: "tags", Type: attiotype.Text},                       // duplicate slug: first wins
		{Source: "client.name", Target: "company", Type: attiotype.RecordReference},             // unsupported: left out
		{Source: "time_entry.description", Target: "what", Type: attiotype.Text, Title: "What"}, // explicit title
		{Source: "unknown.field", Target: "mystery", Type: attiotype.Text},                      // no catalogue title
	}
	want := []Attribute{
		{Slug: "tags", Type: attiotype.Select, Title: "Tags", Multiselect: true},
		{Slug: "what", Type: attiotype.Text, Title: "What"},
		{Slug: "mystery", Type: attiotype.Text, Title: "mystery"},
	}
	if got := AttributesNeeded(m); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v", got)
	}
}

func TestParseMap(t *testing.T) {
	b, err := json.Marshal(DefaultClientMap())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), `[{"source":"client.name","target":"name","type":"text","title":"Name"},{"source":"client.id","target":"toggl_client_id","type":"text"}`) {
		t.Fatalf("json = %s", b)
	}
	m, err := ParseMap(b)
	if err != nil || !reflect.DeepEqual(m, DefaultClientMap()) {
		t.Fatalf("round trip: %v %+v", err, m)
	}
	for name, in := range map[string]string{
		"unknown key":  `[{"source":"client.id","target":"x","type":"number","kind":"int"}]`,
		"not an array": `{"source":"client.id"}`,
		"trailing":     `[]]`,
		"invalid":      `[{"source":"client.archived","target":"x","type":"number"}]`,
	} {
		if _, err := ParseMap([]byte(in)); !errors.Is(err, ErrInvalidMap) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}
