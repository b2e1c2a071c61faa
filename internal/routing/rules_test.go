package routing

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestRulesValidate(t *testing.T) {
	ok := []Rules{
		{},
		{TypeAttribute: "project_type", StatusAttribute: "status"},
		{TypeAttribute: "project_type", StatusAttribute: "status", Exclusions: []Exclusion{{"Retainer", "Complete"}, {"*", "Lost"}, {"Internal", "*"}}},
		{TypeAttribute: "project_type", Exclusions: []Exclusion{{"retainer", "*"}}},
		{StatusAttribute: "2f1a6a0e-5a0b-4c0e-9a8e-0d5c1f0b7a11", Exclusions: []Exclusion{{"*", "done"}}},
	}
	for i, r := range ok {
		if err := r.Validate(); err != nil {
			t.Errorf("ok[%d]: %v", i, err)
		}
	}
	bad := []struct {
		name  string
		rules Rules
		want  string
	}{
		{"slug with space", Rules{TypeAttribute: "project type"}, "not an Attio attribute slug"},
		{"slug upper case", Rules{StatusAttribute: "Status"}, "not an Attio attribute slug"},
		{"slug too long", Rules{TypeAttribute: strings.Repeat("a", 129)}, "not an Attio attribute slug"},
		{"same attribute twice", Rules{TypeAttribute: "stage", StatusAttribute: "stage"}, "must differ"},
		{"empty type side", Rules{TypeAttribute: "t", StatusAttribute: "s", Exclusions: []Exclusion{{"", "done"}}}, "rule #1: type and status must both be set"},
		{"blank status side", Rules{TypeAttribute: "t", StatusAttribute: "s", Exclusions: []Exclusion{{"a", "b"}, {"x", "  "}}}, "rule #2"},
		{"star star", Rules{TypeAttribute: "t", StatusAttribute: "s", Exclusions: []Exclusion{{"*", " * "}}}, "every Project"},
		{"type without attribute", Rules{StatusAttribute: "s", Exclusions: []Exclusion{{"retainer", "done"}}}, "no type attribute"},
		{"status without attribute", Rules{TypeAttribute: "t", Exclusions: []Exclusion{{"retainer", "done"}}}, "no status attribute"},
		{"duplicate ignoring case", Rules{TypeAttribute: "t", StatusAttribute: "s", Exclusions: []Exclusion{{"Retainer", "Done"}, {"retainer ", "done"}}}, "rule #2 repeats rule #1"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			err := c.rules.Validate()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to mention %q", err, c.want)
			}
		})
	}
}

func TestRulesMatch(t *testing.T) {
	r := Rules{TypeAttribute: "project_type", StatusAttribute: "status", Exclusions: []Exclusion{
		{"Retainer", "Complete"}, {"*", "Lost"}, {"Internal", "*"},
	}}
	cases := []struct {
		typ, status string
		want        int
	}{
		{"Retainer", "Complete", 1},
		{"retainer", " complete ", 1},
		{"Retainer", "Active", 0},
		{"Fixed fee", "Lost", 2},
		{"", "Lost", 2},
		{"Internal", "", 3},
		{"Internal", "Lost", 2}, // first matching rule wins
		{"", "", 0},
		{"Retainer", "", 0},
		{"*", "Complete", 0}, // a literal "*" value is not a wildcard rule
	}
	for _, c := range cases {
		if got := r.Match(c.typ, c.status); got != c.want {
			t.Errorf("Match(%q, %q) = %d, want %d", c.typ, c.status, got, c.want)
		}
	}
	if (Rules{}).Match("x", "y") != 0 {
		t.Fatal("empty rules exclude")
	}
}

func TestRulesJSONRoundTrip(t *testing.T) {
	r := Rules{TypeAttribute: "project_type", StatusAttribute: "status", Exclusions: []Exclusion{{"Retainer", "Complete"}, {"*", "Lost"}}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type_attribute":"project_type","status_attribute":"status","exclusions":[{"type":"Retainer","status":"Complete"},{"type":"*","status":"Lost"}]}`
	if string(b) != want {
		t.Fatalf("json = %s", b)
	}
	got, err := ParseRules(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Fatalf("round trip = %+v", got)
	}
}

func TestParseRulesRejects(t *testing.T) {
	cases := map[string]string{
		"unknown key":   `{"type_attribute":"t","status_attribute":"s","exclusion":[]}`,
		"wrong type":    `{"exclusions":{"type":"a"}}`,
		"trailing data": `{"type_attribute":"t"}{}`,
		"trailing }":    `{"type_attribute":"t"}}`,
		"invalid rules": `{"type_attribute":"t","status_attribute":"s","exclusions":[{"type":"*","status":"*"}]}`,
		"empty":         ``,
	}
	for name, in := range cases {
		if _, err := ParseRules([]byte(in)); err == nil {
			t.Errorf("%s: accepted %q", name, in)
		}
	}
}
